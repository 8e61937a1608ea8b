export { getDb, closeDb, type Database } from './client';
export * from './schema';
