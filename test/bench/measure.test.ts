import { pairAsync, pairSync, type PairOptions } from '../../scripts/bench/measure';

const options: PairOptions = { warmupMs: 0, budgetMs: 0, minSamples: 6, maxSamples: 6 };

describe('bench pairs', () => {
	it('pairSync samples both contenders in ABBA order after warming both up', () => {
		const calls: string[] = [];
		const [a, b] = pairSync(
			() => calls.push('a'),
			() => calls.push('b'),
			{ ...options, minSampleNs: 1 },
		);
		expect([a.samples, b.samples]).toEqual([6, 6]);
		expect([a.callsPerSample, b.callsPerSample]).toEqual([1, 1]);
		// warm-up: one probe call each, then one round of three calls each; then ABBA
		expect(calls.join('')).toBe('abaaabbb' + 'abbaabbaabba');
		expect(a.median).toBeGreaterThan(0);
	});

	it("pairSync sizes each contender's calls per sample to last the minimum sample time", () => {
		const calls: string[] = [];
		const [a] = pairSync(
			() => calls.push('a'),
			() => calls.push('b'),
			{ ...options, minSampleNs: 10_000_000 },
		);
		expect(a.callsPerSample).toBeGreaterThan(1);
		expect(calls.filter((c) => c === 'a').length).toBe(4 + 6 * a.callsPerSample);
	});

	it('pairAsync follows the same plan, each call awaited', async () => {
		const calls: string[] = [];
		let pending = 0;
		const contender = (name: string) => async () => {
			expect(pending).toBe(0);
			pending++;
			await new Promise((resolve) => setImmediate(resolve));
			calls.push(name);
			pending--;
		};
		const [a, b] = await pairAsync(contender('a'), contender('b'), {
			...options,
			minSampleNs: 1,
		});
		expect([a.samples, b.samples]).toEqual([6, 6]);
		expect([a.callsPerSample, b.callsPerSample]).toEqual([1, 1]);
		expect(calls.join('')).toBe('abaaabbb' + 'abbaabbaabba');
	});
});
