/** The SQL dialects Remodel speaks: one name per database family, shared by `db` (drivers, DDL) and `sql` (parsing, conversion). */
export type Dialect = "postgresql" | "sqlite" | "mysql";
