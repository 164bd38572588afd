import type { Io } from "../../cli/command.js";
export interface ConvertArgs { target: string; out: string; python?: string; url?: string; style: "core" | "orm"; root?: string; dialect?: "sqlite" | "postgresql" | "mysql"; json: boolean; io: Io }
export async function runConvert(_a: ConvertArgs): Promise<number> { return 2; }
