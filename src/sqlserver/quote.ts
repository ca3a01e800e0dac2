/** T-SQL identifier quoting: `[name]`, with `]` doubled (the only character that needs escaping). */
export function quoteTsqlName(name: string): string {
  return `[${name.replaceAll(']', ']]')}]`;
}

export function quoteTsqlTable(table: { readonly schema: string; readonly name: string }): string {
  return `${quoteTsqlName(table.schema)}.${quoteTsqlName(table.name)}`;
}
