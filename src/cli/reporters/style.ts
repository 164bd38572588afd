/** ANSI styling, applied only when writing to a terminal. */
const wrap = (open: number, close: number) => (s: string, on: boolean) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : s);
export const bold = wrap(1, 22);
export const red = wrap(31, 39);
export const green = wrap(32, 39);
export const dim = wrap(2, 22);
export const cyan = wrap(36, 39);
