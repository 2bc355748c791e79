/** The local calendar day of `time` as `YYYY-MM-DD`: a day's spend resets at local midnight. */
export function localDay(time: number = Date.now()): string {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
