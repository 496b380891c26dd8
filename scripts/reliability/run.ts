/**
 * `npm run reliability`: the hostile-input table in-process and against a real n8n, 10,000
 * signed deliveries at concurrency 32 into the real n8n (every change accounted for by its
 * de-duplication key), the redelivery check, and a scan for secrets. Ends with exactly:
 *   bad_inputs_handled=<handled>/<total>
 *   load_delivered=<delivered>/<sent>
 * Traffic stays on 127.0.0.1; n8n is always stopped.
 */

import { InProcessTrigger } from '../lib/inProcessN8n';
import {
	hostileCases,
	judge,
	runInProcessCase,
	send,
	type Answer,
	type HostileCase,
	type Secrets,
} from './hostile';
import {
	BOUNDED_SHAPES,
	BOUNDED_SIZES,
	describeGrowth,
	growth,
	GROWTH_FACTOR,
} from './boundedWork';
import { max, percentile } from '../lib/stats';
import { buildLoad, sendAll } from './load';
import type { Execution } from '../lib/n8n/client';
import { nodeOutput } from '../lib/n8n/workflows';
import { RealN8n, TRIGGER_NODE_NAME } from './realN8n';
import { useTemporaryUserFolder } from '../lib/n8nUserFolder';
import { sleep } from '../lib/sleep';
import { REPO_ROOT } from '../lib/repoRoot';

const SECRETS: Secrets & { appId: string } = {
	appId: '1234567890123456',
	appSecret: 'reliability-app-secret-4f1d9c2b7e',
	verifyToken: 'reliability-verify-token-8a3e',
};
const LOAD_COUNT = Number(process.env.RELIABILITY_LOAD ?? 10_000);
/**
 * n8n's settings for the whole run, and the recommendation for high volume on SQLite (why
 * each, with the figures: docs/reliability.md). RELIABILITY_N8N_ENV_<NAME>=value sets or
 * overrides one (an empty value leaves it to n8n's default).
 */
const N8N_SETTINGS: Record<string, string> = {
	// every execution saved and none pruned (n8n prunes beyond 10,000 by default), so that
	// each can be counted
	EXECUTIONS_DATA_PRUNE: 'false',
	EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
	EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
	// at most 8 production executions run at once; the others wait in n8n's queue, already
	// stored, and their webhook calls wait for a slot before n8n answers: fewer executions
	// compete for SQLite's single write connection and n8n's main thread
	N8N_CONCURRENCY_PRODUCTION_LIMIT: '8',
	// an isolate of the `vm` expression engine is made only when an expression is evaluated,
	// not for every webhook call and credential read
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
};
for (const [name, value] of Object.entries(process.env)) {
	if (!name.startsWith('RELIABILITY_N8N_ENV_') || value === undefined) continue;
	if (value === '') delete N8N_SETTINGS[name.slice('RELIABILITY_N8N_ENV_'.length)];
	else N8N_SETTINGS[name.slice('RELIABILITY_N8N_ENV_'.length)] = value;
}
const CONCURRENCY = Number(process.env.RELIABILITY_CONCURRENCY ?? 32);

const lines: string[] = [];
const say = (line = '') => {
	lines.push(line);
	console.log(line);
};

interface Outcome {
	target: string;
	name: string;
	status: number | string;
	executions: number;
	problems: string[];
}

async function hostileInProcess(cases: HostileCase[]): Promise<Outcome[]> {
	// answered with the receipt, as the real n8n's version-1 trigger is (Confirm Receipt to Meta: when the execution is created)
	const host = await InProcessTrigger.start({
		credentials: { whatsAppBusinessAccountWebhookApi: SECRETS },
		parameters: { acknowledge: 'executionCreated' },
	});
	const outcomes: Outcome[] = [];
	try {
		for (const c of cases.filter((k) => !k.realOnly)) {
			const { answer, executions, problems } = await runInProcessCase(host, c, SECRETS);
			outcomes.push({
				target: 'in-process',
				name: c.name,
				status: answer instanceof Error ? 'none' : answer.status,
				executions,
				problems,
			});
		}
	} finally {
		await host.close();
	}
	return outcomes;
}

function itemsOf(execution: Execution | undefined): Array<Record<string, any>> {
	return [
		...(nodeOutput(execution, TRIGGER_NODE_NAME, 0) ?? []),
		...(nodeOutput(execution, TRIGGER_NODE_NAME, 1) ?? []),
	];
}

interface Drained {
	/** Executions of the workflow when the wait ended. */
	count: number;
	/** Of those, still new, running or waiting. */
	pending: number;
	byStatus: Map<string, number>;
	ms: number;
	timedOut: boolean;
}

const PENDING = new Set(['new', 'running', 'waiting', 'unknown']);

/**
 * Waits until n8n has worked off the workflow's backlog: at least `atLeast` executions and
 * none new, running or waiting; or, when that does not happen, until neither the count nor
 * the statuses have changed for `quietMs`; or `maxMs` at most. Progress every `reportMs`
 * (stderr).
 */
async function drain(
	n8n: RealN8n,
	workflowId: string,
	atLeast: number,
	o: { quietMs: number; maxMs: number; reportMs?: number; label?: string },
): Promise<Drained> {
	const started = Date.now();
	let last = '';
	let lastChange = Date.now();
	let lastReport = Date.now();
	for (;;) {
		const summaries = await n8n.summaries(workflowId);
		const byStatus = new Map<string, number>();
		for (const e of summaries)
			byStatus.set(String(e.status), (byStatus.get(String(e.status)) ?? 0) + 1);
		const pending = summaries.filter((e) => PENDING.has(String(e.status))).length;
		const count = summaries.length;
		const state = `${count}:${[...byStatus].sort().join(',')}`;
		if (state !== last) {
			last = state;
			lastChange = Date.now();
		}
		const result = { count, pending, byStatus, ms: Date.now() - started, timedOut: false };
		if (pending === 0 && count >= atLeast) {
			// a short look more: an execution that should not exist must show up too
			await sleep(1500);
			if ((await n8n.executionCount(workflowId)) === count)
				return { ...result, ms: Date.now() - started };
			continue;
		}
		// nothing moves any more: fewer executions than expected, or some that never finish
		if (Date.now() - lastChange >= o.quietMs) return result;
		if (Date.now() - started > o.maxMs) return { ...result, timedOut: true };
		if (o.reportMs && Date.now() - lastReport >= o.reportMs) {
			lastReport = Date.now();
			process.stderr.write(
				`  ${o.label ?? 'waiting'}: ${count}/${atLeast} executions, ${pending} pending, ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
			);
		}
		await sleep(count > 2000 ? 3000 : 500);
	}
}

async function hostileReal(
	n8n: RealN8n,
	cases: HostileCase[],
): Promise<{ outcomes: Outcome[]; stray: number; strays: string[]; answers: string[] }> {
	const trigger = await n8n.trigger('Reliability: hostile inputs', SECRETS);
	const sent: Array<{
		c: HostileCase;
		answer: Answer | Error;
		request: ReturnType<HostileCase['request']>;
	}> = [];
	const answers: string[] = [];
	for (const c of cases) {
		const request = c.request(SECRETS);
		let answer: Answer | Error;
		try {
			answer = await send(trigger.url, request);
			answers.push(answer.text.slice(0, 10_000));
		} catch (error) {
			answer = error as Error;
		}
		// keep only what judging needs (10 MB bodies are not held on to)
		sent.push({
			c,
			answer,
			request: {
				...request,
				body: request.body && request.body.length < 1_000_000 ? request.body : undefined,
			},
		});
	}
	const expected = cases.reduce((n, c) => n + (c.real?.executions ?? c.expect.executions), 0);
	await drain(n8n, trigger.workflowId, expected, { quietMs: 8000, maxMs: 120_000 });
	const executions = await n8n.executions(trigger.workflowId);
	const byMarker = new Map<string, Array<Array<Record<string, any>>>>();
	let stray = 0;
	const strays: string[] = [];
	for (const execution of executions) {
		const items = itemsOf(execution);
		const marker = String(items[0]?.wabaId ?? '');
		const list = byMarker.get(marker);
		if (!items.length || !cases.some((c) => c.marker === marker)) {
			stray++;
			const error = execution?.data?.resultData?.error;
			strays.push(
				`execution ${execution.id}: status ${execution.status}, ${items.length} items${error ? `, error "${String(error.message ?? '').slice(0, 120)}"` : ''}`,
			);
		} else if (list) list.push(items);
		else byMarker.set(marker, [items]);
	}
	const outcomes: Outcome[] = [];
	const claimed = new Set<string>();
	for (const { c, answer, request } of sent) {
		// two cases may share a marker only when at most one of them executes
		const mine = claimed.has(c.marker) ? [] : (byMarker.get(c.marker) ?? []);
		const expect = { ...c.expect, ...(c.real ?? {}) };
		if (expect.executions > 0 || mine.length) claimed.add(c.marker);
		const problems = judge(
			c,
			expect,
			answer,
			expect.executions > 0 || !(answer instanceof Error) ? mine : [],
			SECRETS,
			request,
		);
		outcomes.push({
			target: 'n8n',
			name: c.name,
			status: answer instanceof Error ? 'none' : answer.status,
			executions: mine.length,
			problems,
		});
	}
	return { outcomes, stray, strays, answers };
}

function table(outcomes: Outcome[]) {
	const width = Math.max(...outcomes.map((o) => o.name.length));
	const inProcess = new Map(
		outcomes.filter((o) => o.target === 'in-process').map((o) => [o.name, o]),
	);
	const real = new Map(outcomes.filter((o) => o.target === 'n8n').map((o) => [o.name, o]));
	say(`  ${'input'.padEnd(width)}  in-process   real n8n`);
	for (const name of new Set(outcomes.map((o) => o.name))) {
		const cell = (o?: Outcome) =>
			o
				? `${o.problems.length ? 'FAIL' : 'ok  '} ${String(o.status).padEnd(4)}x${o.executions}`
				: '-'.padEnd(11);
		say(`  ${name.padEnd(width)}  ${cell(inProcess.get(name))}  ${cell(real.get(name))}`);
	}
	for (const o of outcomes) for (const p of o.problems) say(`    ${o.target}: ${o.name}: ${p}`);
}

async function main(): Promise<number> {
	const startedAt = Date.now();
	const removeCoreFolder = useTemporaryUserFolder('waba-reliability-core-');
	const cases = hostileCases();
	say('# Reliability run');
	say();
	say(`## Hostile inputs (${cases.length} kinds)`);
	const outcomes = await hostileInProcess(cases);
	say();
	say(
		`## Bounded work on signed input (in process; size x${GROWTH_FACTOR}: linear ~${GROWTH_FACTOR}, quadratic ~${GROWTH_FACTOR ** 2})`,
	);
	let unbounded = 0;
	for (const [i, shape] of BOUNDED_SHAPES.entries()) {
		const g = growth(shape, BOUNDED_SIZES[i], SECRETS.appSecret);
		say(`  ${describeGrowth(shape, g)}`);
		if (g.heapRatio >= 8 || g.small.status !== 200) unbounded++;
	}

	let n8n: RealN8n | undefined;
	let sent = 0;
	let delivered = 0;
	let failures = 0;
	const leakTexts: string[] = [];
	try {
		n8n = await RealN8n.start(N8N_SETTINGS);
		say(
			`(real n8n 2.41.1 started in ${((n8n.n8n.bootMs ?? 0) / 1000).toFixed(1)} s, SQLite; ${Object.entries(
				N8N_SETTINGS,
			)
				.map(([k, v]) => `${k}=${v}`)
				.join(' ')})`,
		);
		const real = await hostileReal(n8n, cases);
		outcomes.push(...real.outcomes);
		leakTexts.push(...real.answers);
		table(outcomes);
		if (real.stray) {
			say(`  ${real.stray} execution(s) on the real n8n belong to no case that should start one:`);
			for (const line of real.strays) say(`    ${line}`);
			failures++;
		}
		if (!(await n8n.healthy())) {
			say('  the real n8n is no longer healthy after the hostile inputs');
			failures++;
		}

		// ---- load ----
		say();
		say(`## Load: ${LOAD_COUNT} signed deliveries at concurrency ${CONCURRENCY} into the real n8n`);
		const load = buildLoad(REPO_ROOT, SECRETS.appSecret, LOAD_COUNT);
		const expectedKeys = load.deliveries.flatMap((d) => d.keys);
		const changes = load.deliveries.reduce((n, d) => n + d.changes, 0);
		say(
			`  drawn from ${load.fixtures} fixtures: ${changes} changes, ${expectedKeys.length} items expected, ${new Set(expectedKeys).size} distinct keys`,
		);
		const trigger = await n8n.trigger('Reliability: load', SECRETS);
		const cpu0 = n8n.cpuSeconds();
		const logBefore = n8n.log().length;
		const t0 = Date.now();
		let lastShown = t0;
		const results = await sendAll(trigger.url, load.deliveries, CONCURRENCY, (done) => {
			if (Date.now() - lastShown < 10_000 && done < LOAD_COUNT) return;
			lastShown = Date.now();
			process.stderr.write(
				`  sent ${done}/${LOAD_COUNT} in ${((Date.now() - t0) / 1000).toFixed(0)} s (${((done / (Date.now() - t0)) * 1000).toFixed(1)}/s)\n`,
			);
		});
		const sendMs = Date.now() - t0;
		sent = results.length;
		const statuses = new Map<number, number>();
		for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
		for (const r of results) if (r.status !== 200) leakTexts.push(r.text);
		const latencies = results.map((r) => r.ms);
		say(
			`  answered in ${(sendMs / 1000).toFixed(1)} s (${((sent / sendMs) * 1000).toFixed(1)} deliveries/s); statuses ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}; latency p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, p99 ${percentile(latencies, 99)} ms, max ${max(latencies)} ms`,
		);
		const expectedExecutions = load.deliveries.filter(
			(d, i) => d.keys.length > 0 && results[i].status === 200,
		).length;
		const drained = await drain(n8n, trigger.workflowId, expectedExecutions, {
			quietMs: 60_000,
			maxMs: 20 * 60_000,
			reportMs: 15_000,
			label: 'executions',
		});
		const doneMs = Date.now() - t0;
		say(
			`  ${drained.count} executions for ${expectedExecutions} deliveries, ${drained.pending} still pending, ${(doneMs / 1000).toFixed(1)} s after the first send (backlog worked off ${(drained.ms / 1000).toFixed(1)} s after the last answer${drained.timedOut ? ': GAVE UP WAITING' : ''}; ${((drained.count / doneMs) * 1000).toFixed(1)} executions/s end to end)`,
		);
		if (drained.timedOut || drained.pending) failures++;
		const loadLog = n8n.log().slice(logBefore);
		const lockTimeouts = (loadLog.match(/LockAcquireTimeoutError/g) ?? []).length;
		const cpu = n8n.cpuSeconds() - cpu0;
		say(
			`  n8n: ${cpu.toFixed(0)} s of CPU (${((cpu / sent) * 1000).toFixed(0)} ms per delivery, execution included), peak RSS ${n8n.peakRssMiB().toFixed(0)} MiB; ${lockTimeouts} LockAcquireTimeoutError in its log`,
		);
		const t1 = Date.now();
		const executions = await n8n.executions(trigger.workflowId);
		const received = new Map<string, number>();
		let receivedItems = 0;
		let failedExecutions = 0;
		for (const execution of executions) {
			if (execution.status && execution.status !== 'success') failedExecutions++;
			for (const item of itemsOf(execution)) {
				receivedItems++;
				received.set(String(item.dedupKey), (received.get(String(item.dedupKey)) ?? 0) + 1);
				if (JSON.stringify(item).includes(SECRETS.appSecret)) leakTexts.push(SECRETS.appSecret);
			}
		}
		const byStatus = new Map<string, number>();
		const errors = new Map<string, number>();
		for (const execution of executions) {
			byStatus.set(String(execution.status), (byStatus.get(String(execution.status)) ?? 0) + 1);
			const error = execution?.data?.resultData?.error;
			if (error)
				errors.set(
					String(error.message ?? error).slice(0, 160),
					(errors.get(String(error.message ?? error).slice(0, 160)) ?? 0) + 1,
				);
		}
		say(`  executions by status: ${[...byStatus].map(([k, v]) => `${k}: ${v}`).join(', ')}`);
		for (const [message, n] of errors) say(`    ${n} x error "${message}"`);
		say(
			`  read ${executions.length} executions back in ${((Date.now() - t1) / 1000).toFixed(1)} s: ${receivedItems} items, ${received.size} distinct keys, ${failedExecutions} not successful`,
		);
		// every delivery counts as delivered when all its items arrived exactly once
		const remaining = new Map(received);
		let lost = 0;
		for (let i = 0; i < load.deliveries.length; i++) {
			const d = load.deliveries[i];
			let ok = results[i].status === 200;
			for (const key of d.keys) {
				const left = remaining.get(key) ?? 0;
				if (left > 0) remaining.set(key, left - 1);
				else {
					ok = false;
					lost++;
				}
			}
			if (ok) delivered++;
		}
		const extra = [...remaining.values()].reduce((n, v) => n + v, 0);
		say(`  every change one item: ${lost} lost, ${extra} extra (duplicated or unknown)`);
		if (extra) failures++;
		const up = await n8n.healthy();
		say(`  n8n ${up ? 'is still up' : 'is DOWN'} after the load`);
		if (!up) failures++;

		// ---- redelivery ----
		say();
		say('## Redelivery: one delivery sent three times');
		const redelivery = await n8n.trigger('Reliability: redelivery', SECRETS);
		const again = load.deliveries.find((d) => d.keys.length > 1) ?? load.deliveries[0];
		for (let i = 0; i < 3; i++) {
			const [r] = await sendAll(redelivery.url, [again], 1);
			if (r.status !== 200) say(`  send ${i + 1}: status ${r.status}`);
		}
		await drain(n8n, redelivery.workflowId, 3, { quietMs: 5000, maxMs: 60_000 });
		const keySets = (await n8n.executions(redelivery.workflowId)).map((e) =>
			itemsOf(e)
				.map((item) => String(item.dedupKey))
				.sort()
				.join(','),
		);
		const same =
			keySets.length === 3 &&
			new Set(keySets).size === 1 &&
			keySets[0] === [...again.keys].sort().join(',');
		say(
			`  ${keySets.length} executions, ${again.keys.length} items each; same de-duplication keys each time: ${same ? 'yes' : 'NO'}`,
		);
		if (!same) failures++;
	} catch (error) {
		say(`run failed: ${(error as Error).stack ?? String(error)}`);
		failures++;
	} finally {
		if (n8n) {
			await n8n.stop();
			// ---- secrets ----
			say();
			say('## Secrets');
			const log = n8n.log();
			const report = lines.join('\n');
			const where: string[] = [];
			for (const [label, secret] of [
				['app secret', SECRETS.appSecret],
				['verify token', SECRETS.verifyToken],
			] as const) {
				if (log.includes(secret)) where.push(`${label} in the n8n log`);
				if (report.includes(secret)) where.push(`${label} in this report`);
				if (leakTexts.some((t) => t.includes(secret))) where.push(`${label} in an answer or item`);
			}
			say(
				`  app secret and verify token in n8n's log (${(log.length / 1024).toFixed(0)} KiB), answers, items or this report: ${where.length ? where.join('; ') : 'none'}`,
			);
			if (where.length) failures++;
			if (process.env.RELIABILITY_KEEP) say(`  (n8n's folder kept: ${n8n.userFolder})`);
			else n8n.removeFolder();
		}
	}

	removeCoreFolder();
	const handled = outcomes.filter((o) => o.problems.length === 0).length;
	say();
	say(`finished in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
	console.log(`bad_inputs_handled=${handled}/${outcomes.length}`);
	console.log(`load_delivered=${delivered}/${sent}`);
	return handled === outcomes.length &&
		delivered === sent &&
		sent === LOAD_COUNT &&
		failures === 0 &&
		unbounded === 0
		? 0
		: 1;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		console.log('bad_inputs_handled=0/0');
		console.log('load_delivered=0/0');
		process.exit(1);
	},
);
