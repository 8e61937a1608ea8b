// The browser session lives with the other cookies; this path stays for its existing importers.
export * from '@/lib/cookies/session';
