// The one statistics module: nearest-rank percentiles and the rest, on values worked out by hand.
import { linearFit, max, mean, median, min, percentile, sum } from '../../scripts/lib/stats';

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentile (nearest rank)', () => {
	test('of 1..100, p is the p-th value: p99 is 99, not the maximum', () => {
		expect(percentile(oneToHundred, 99)).toBe(99);
		expect(percentile(oneToHundred, 50)).toBe(50);
		expect(percentile(oneToHundred, 95)).toBe(95);
		expect(percentile(oneToHundred, 100)).toBe(100);
		expect(percentile(oneToHundred, 1)).toBe(1);
		expect(percentile(oneToHundred, 0)).toBe(1);
	});

	test('takes values in any order and does not reorder them', () => {
		const shuffled = [...oneToHundred].reverse();
		expect(percentile(shuffled, 99)).toBe(99);
		expect(shuffled[0]).toBe(100);
	});

	test('rank ⌈p·n/100⌉: of 10 values p99 and p91 are the largest, p90 the 9th; of 1000, p99 is the 990th', () => {
		const ten = [15, 20, 35, 40, 50, 55, 60, 70, 80, 95];
		expect(percentile(ten, 99)).toBe(95);
		expect(percentile(ten, 91)).toBe(95);
		expect(percentile(ten, 90)).toBe(80);
		expect(percentile(ten, 30)).toBe(35);
		expect(percentile(ten, 31)).toBe(40);
		expect(
			percentile(
				Array.from({ length: 1000 }, (_, i) => i),
				99,
			),
		).toBe(989);
	});

	test('p whose fraction is not exact in binary still lands on its rank (7 of 100 is the 7th)', () => {
		expect(percentile(oneToHundred, 7)).toBe(7);
		expect(percentile(oneToHundred, 29)).toBe(29);
	});

	test('nothing measured is NaN, not 0; a p outside [0, 100] is refused by name', () => {
		expect(percentile([], 50)).toBeNaN();
		expect(() => percentile([1], 101)).toThrow(/p must be between 0 and 100, is 101/);
		expect(() => percentile([1], Number.NaN)).toThrow(/p must be between 0 and 100/);
	});
});

describe('median, mean, sum, min, max', () => {
	test('the median of an even count is the mean of the two middle values', () => {
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([5, 1, 3])).toBe(3);
		expect(median([])).toBeNaN();
	});

	test('mean, sum, min and max of known values; of none, NaN (sum 0)', () => {
		expect(mean([1, 2, 3, 4])).toBe(2.5);
		expect(sum([1, 2, 3, 4])).toBe(10);
		expect(min([3, -1, 2])).toBe(-1);
		expect(max([3, -1, 2])).toBe(3);
		expect(max(Array.from({ length: 300_000 }, (_, i) => i))).toBe(299_999);
		expect([mean([]), min([]), max([])]).toEqual([NaN, NaN, NaN]);
		expect(sum([])).toBe(0);
	});
});

test('linearFit recovers a line and reports R²', () => {
	const fit = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
	expect(fit.slope).toBeCloseTo(2, 12);
	expect(fit.intercept).toBeCloseTo(1, 12);
	expect(fit.r2).toBeCloseTo(1, 12);
	expect(linearFit([0, 1, 2, 3], [0, 1, 0, 1]).r2).toBeCloseTo(0.2, 12);
	expect(() => linearFit([1, 2], [1])).toThrow(/2 x values but 1 y values/);
});
