/**
 * The end of stage 3: the account of what the migration does not migrate, from the same
 * inventory `mssql2pg assess` reports, written to progress/not_migrated.json (migrate ends
 * with it, status shows it), and each exported object's definition to progress/unmigrated/.
 */
import { assessCatalog } from '../assess/assess-catalog.js';
import { exportedObjects, notMigratedRecord } from '../assess/not-migrated.js';
import type { CatalogModel } from '../catalog/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { writeExportedObjects, writeNotMigrated } from '../progress/unmigrated.js';

export async function writeAccount(catalog: CatalogModel, config: ResolvedConfig, now: Date = new Date()): Promise<void> {
  const inventory = assessCatalog(catalog, config);
  await writeExportedObjects(config.progressDir, exportedObjects(inventory));
  await writeNotMigrated(config.progressDir, notMigratedRecord(inventory, now));
}
