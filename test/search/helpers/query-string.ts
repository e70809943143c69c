/** Query parameters of a search request; undefined ones are left out. */
export type Params = Record<string, string | number | undefined>;

export const qs = (p: Params) =>
  new URLSearchParams(
    Object.entries(p).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])),
  ).toString();
