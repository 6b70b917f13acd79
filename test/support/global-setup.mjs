// Jest loads global setup outside its ESM module system, so the TypeScript is loaded through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { startTestDatabase } = await tsImport('./start-test-database.ts', import.meta.url);
  await startTestDatabase();
}
