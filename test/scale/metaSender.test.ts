import * as http from 'http';
import type { AddressInfo } from 'net';

import { MetaSender, postPrepared } from '../../scripts/lib/metaSender';
import { sleep } from '../../scripts/lib/sleep';

const delivery = (n: number) => ({
	body: Buffer.from(JSON.stringify({ n })),
	signature: `sha256=${String(n).padStart(64, '0')}`,
});

/** A loopback server answering each request with `answer(n)` (n counts from 1); 'drop' destroys the connection. */
async function server(
	answer: (n: number) => number | 'drop',
	keepAliveTimeoutMs = 5000,
	delayMs: (n: number) => number = () => 0,
) {
	const seen: Array<{ body: string; signature: string; userAgent: string; socketPort: number }> =
		[];
	const srv = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			seen.push({
				body: Buffer.concat(chunks).toString(),
				signature: String(req.headers['x-hub-signature-256']),
				userAgent: String(req.headers['user-agent']),
				socketPort: req.socket.remotePort ?? 0,
			});
			const status = answer(seen.length);
			setTimeout(() => {
				if (status === 'drop') req.socket.destroy();
				else res.writeHead(status).end(status === 200 ? '{"received":true}' : 'busy');
			}, delayMs(seen.length));
		});
	});
	srv.keepAliveTimeout = keepAliveTimeoutMs;
	await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
	return {
		url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/webhook`,
		seen,
		close: () => new Promise<void>((resolve) => srv.close(() => resolve())),
	};
}

describe('the Meta-like sender', () => {
	it("sends the same signed bytes again after a non-2xx answer or a dropped connection, until a 2xx (Meta's rule)", async () => {
		const target = await server((n) => (n === 1 ? 503 : n === 2 ? 'drop' : 200));
		const sender = new MetaSender({
			urls: [target.url],
			concurrency: 1,
			timeoutMs: 5000,
			retryDelayMs: 10,
			maxRetryDelayMs: 20,
		});
		try {
			const [record] = await sender.sendAll([delivery(7)]);
			expect(record.attempts.map((a) => a.status)).toEqual([503, 0, 200]);
			expect(record.attempts[2].text).toBe('{"received":true}');
			expect(new Set(target.seen.map((s) => `${s.body} ${s.signature}`))).toEqual(
				new Set([`{"n":7} sha256=${'7'.padStart(64, '0')}`]),
			);
			expect(target.seen.every((s) => s.userAgent === 'facebookexternalua')).toBe(true);
		} finally {
			sender.close();
			await target.close();
		}
	});

	it("'noAnswerOnce' sends again only once, only after no answer, and returns every other answer as it came", async () => {
		const target = await server((n) => (n === 1 ? 'drop' : n === 2 ? 'drop' : 503));
		const sender = new MetaSender({
			urls: [target.url],
			concurrency: 1,
			timeoutMs: 5000,
			redeliver: 'noAnswerOnce',
		});
		try {
			const [dropped, refused] = await sender.sendAll([delivery(1), delivery(2)]);
			expect(dropped.attempts.map((a) => a.status)).toEqual([0, 0]);
			expect(refused.attempts.map((a) => [a.status, a.text])).toEqual([[503, 'busy']]);
		} finally {
			sender.close();
			await target.close();
		}
	});

	it("stops reusing a kept-alive connection before the server's idle timeout (its Keep-Alive hint)", async () => {
		// the server closes idle connections after 2 s and says timeout=2: the client keeps one 1 s
		const target = await server(() => 200, 2000);
		const sender = new MetaSender({ urls: [target.url], concurrency: 1, timeoutMs: 30_000 });
		try {
			await sender.sendAll([delivery(1)]);
			await sender.sendAll([delivery(2)]);
			await sleep(1500);
			const [late] = await sender.sendAll([delivery(3)]);
			expect(target.seen[1].socketPort).toBe(target.seen[0].socketPort);
			expect(late.attempts[0].reusedSocket).toBe(false);
			expect(target.seen[2].socketPort).not.toBe(target.seen[0].socketPort);
		} finally {
			sender.close();
			await target.close();
		}
	});

	it('waits its whole timeout for an answer on a reused connection, not the shorter idle timeout the connection had', async () => {
		// idle connections are kept 1 s (the hint, 2 s, less 1 s); the second answer takes 1.5 s
		const target = await server(
			() => 200,
			2000,
			(n) => (n === 2 ? 1500 : 0),
		);
		const sender = new MetaSender({ urls: [target.url], concurrency: 1, timeoutMs: 30_000 });
		try {
			await sender.sendAll([delivery(1)]);
			const [slow] = await sender.sendAll([delivery(2)]);
			expect(slow.attempts.map((a) => [a.status, a.reusedSocket])).toEqual([[200, true]]);
		} finally {
			sender.close();
			await target.close();
		}
	});
	it("sends only to URLs the load balancer's readiness checks call ready, and waits while none is", async () => {
		const starting = await server(() => 200);
		const ready = await server(() => 200);
		let anyReady = false;
		const sender = new MetaSender({
			urls: [starting.url, ready.url],
			concurrency: 2,
			timeoutMs: 5000,
			isReady: (url) => anyReady && url === ready.url,
		});
		try {
			setTimeout(() => (anyReady = true), 200);
			const t = Date.now();
			const records = await sender.sendAll([delivery(1), delivery(2), delivery(3), delivery(4)]);
			expect(Date.now() - t).toBeGreaterThanOrEqual(150);
			expect(records.flatMap((r) => r.attempts.map((a) => a.url))).toEqual([
				ready.url,
				ready.url,
				ready.url,
				ready.url,
			]);
			expect(starting.seen).toHaveLength(0);
			expect(ready.seen).toHaveLength(4);
		} finally {
			sender.close();
			await Promise.all([starting.close(), ready.close()]);
		}
	});
});

describe("the benchmarks' pooled POST", () => {
	it('sends the bytes and headers given over the agent and resolves with the status and body', async () => {
		const target = await server((n) => (n === 1 ? 200 : 503));
		const agent = new http.Agent({ keepAlive: true });
		try {
			const raw = Buffer.from('{"n":1}');
			const signature = `sha256=${'1'.padStart(64, '0')}`;
			const first = await postPrepared(
				agent,
				new URL(target.url),
				{ 'x-hub-signature-256': signature },
				raw,
			);
			const second = await postPrepared(
				agent,
				new URL(target.url),
				{ 'x-hub-signature-256': signature },
				raw,
			);
			expect(first).toEqual({ status: 200, body: '{"received":true}' });
			expect(second).toEqual({ status: 503, body: 'busy' });
			expect(target.seen.map((s) => [s.body, s.signature])).toEqual([
				['{"n":1}', signature],
				['{"n":1}', signature],
			]);
			// one kept-alive socket for both
			expect(new Set(target.seen.map((s) => s.socketPort)).size).toBe(1);
		} finally {
			agent.destroy();
			await target.close();
		}
	});

	it('rejects when no answer comes in time', async () => {
		const target = await server(
			() => 200,
			5000,
			() => 500,
		);
		const agent = new http.Agent({ keepAlive: true });
		try {
			await expect(
				postPrepared(agent, new URL(target.url), {}, Buffer.from('{}'), 50),
			).rejects.toThrow('no answer within 50 ms');
		} finally {
			agent.destroy();
			await target.close();
		}
	});
});
