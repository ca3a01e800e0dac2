/**
 * The civil date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days): integer
 * arithmetic, no Date, any year SQL Server holds. Used per cell by both writers of dates (the
 * COPY encoder's native writers and the TDS decoder's), so the result lands in module scratch
 * read through live bindings rather than in a fresh object per value.
 */
export let civilYear = 0;
export let civilMonth = 0;
export let civilDay = 0;

export function setCivil(days: number): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  civilDay = doy - Math.floor((153 * mp + 2) / 5) + 1;
  civilMonth = mp < 10 ? mp + 3 : mp - 9;
  civilYear = yoe + era * 400 + (civilMonth <= 2 ? 1 : 0);
}
