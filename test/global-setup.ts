import type { TestProject } from 'vitest/node';
import { createPgliteTemplate, createPostgresTemplate } from './databases';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

/** Builds one migrated template per driver; each test file then gets its own copy. */
export default async function setup(project: TestProject) {
  const adminUrl = project.config.env?.TEST_ADMIN_DATABASE_URL;
  if (project.name === 'postgres' && adminUrl) {
    const template = await createPostgresTemplate(adminUrl);
    project.provide('postgresTemplate', template.name);
    return template.cleanup;
  }
  const template = await createPgliteTemplate();
  project.provide('pgliteTemplate', template.dir);
  return template.cleanup;
}
