/** The SQL dialects Remodel speaks: one name per database family, shared by `db` (drivers, DDL) and `sql` (parsing, conversion). */
export const DIALECTS = ["postgresql", "sqlite", "mysql"] as const;
export type Dialect = (typeof DIALECTS)[number];

export function isDialect(name: string): name is Dialect {
  return (DIALECTS as readonly string[]).includes(name);
}

/** The dialect names as a sentence's list: "postgresql, sqlite or mysql". */
export function dialectList(): string {
  return `${DIALECTS.slice(0, -1).join(", ")} or ${DIALECTS[DIALECTS.length - 1]}`;
}
