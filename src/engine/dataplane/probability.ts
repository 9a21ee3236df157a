/**
 * The `--probability` kube-proxy writes for the i-th of n endpoint rules: Go's
 * fmt.Sprintf("%0.10f", 1.0/float64(n-i)) (proxier.go computeProbability). Go prints the exact
 * value of the float64 rounded half to even; JavaScript's toFixed rounds ties up, which differs
 * for 1/2048, so the rounding is done here exactly, on the double's own bits.
 */
export function probability(n: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, 1 / n);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // value = mantissa / 2^shift, exactly.
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const denominator = 1n << BigInt(1075 - Math.max(exponent, 1));
  const scaled = mantissa * 10n ** 10n;
  let digits = scaled / denominator;
  const twice = 2n * (scaled % denominator);
  if (twice > denominator || (twice === denominator && digits % 2n === 1n)) digits += 1n;
  const text = digits.toString().padStart(11, "0");
  return `${text.slice(0, -10)}.${text.slice(-10)}`;
}
