// vitest globalSetup for the e2e project: find or start one SQL Server for the whole run and
// tell the test files where it is, or why they must skip (test/e2e/harness.ts reads it).
import type { TestProject } from 'vitest/node';
import { getSqlServer } from '../helpers/sqlserver.js';
import './provided-context.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await getSqlServer();
  if ('skip' in server) {
    project.provide('sqlServerTarget', { skip: server.skip });
    return async () => undefined;
  }
  project.provide('sqlServerTarget', { url: server.url });
  return () => server.stop();
}
