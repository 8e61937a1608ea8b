export { getDb, closeDb, pingDatabase, type Database } from './client';
export * from './schema';
