/**
 * The statistics the bench, reliability and scale reports print, defined once.
 *
 * Percentiles are nearest-rank: the p-th percentile of n values is the value of rank
 * ⌈p·n/100⌉ in ascending order (rank 1 for p = 0). It is always one of the observed values,
 * and p99 of 100 samples is the 99th smallest, not the maximum (p99 is the maximum only when
 * there are fewer than 100 samples, as the definition says). The median is the conventional
 * one: the middle value, or the mean of the two middle values of an even count.
 * Of no values every statistic is NaN: nothing was measured, which is not zero.
 */

const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** Nearest-rank percentile of `values` (any order), `p` in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
	if (!(p >= 0 && p <= 100))
		throw new RangeError(`percentile: p must be between 0 and 100, is ${p}`);
	if (!values.length) return NaN;
	const sorted = ascending(values);
	// p·n first, then /100: 7·100/100 is 7, whereas 0.07·100 is 7.000000000000001
	const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
	return sorted[rank - 1];
}

export function median(values: readonly number[]): number {
	if (!values.length) return NaN;
	const sorted = ascending(values);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function sum(values: readonly number[]): number {
	let total = 0;
	for (const v of values) total += v;
	return total;
}

export function mean(values: readonly number[]): number {
	return values.length ? sum(values) / values.length : NaN;
}

/** Largest value, without spreading the array into arguments (which fails for large arrays). */
export function max(values: readonly number[]): number {
	if (!values.length) return NaN;
	let m = -Infinity;
	for (const v of values) if (v > m) m = v;
	return m;
}

export function min(values: readonly number[]): number {
	if (!values.length) return NaN;
	let m = Infinity;
	for (const v of values) if (v < m) m = v;
	return m;
}

/** Least-squares fit y = intercept + slope·x, with R². */
export function linearFit(
	xs: readonly number[],
	ys: readonly number[],
): { intercept: number; slope: number; r2: number } {
	if (xs.length !== ys.length)
		throw new RangeError(`linearFit: ${xs.length} x values but ${ys.length} y values`);
	const mx = mean(xs);
	const my = mean(ys);
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < xs.length; i++) {
		sxy += (xs[i] - mx) * (ys[i] - my);
		sxx += (xs[i] - mx) ** 2;
		syy += (ys[i] - my) ** 2;
	}
	const slope = sxy / sxx;
	const intercept = my - slope * mx;
	return { intercept, slope, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}
