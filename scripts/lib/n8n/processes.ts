/**
 * Processes the tools start (n8n and its helpers: a database server, a one-off command), each in
 * its own process group and tracked, so that every one ends with this process however it ends;
 * and free loopback ports for them.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'child_process';
import * as net from 'net';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/** `n` distinct free loopback ports. */
export async function freePorts(n: number): Promise<number[]> {
	const ports = new Set<number>();
	while (ports.size < n) ports.add(await freePort());
	return [...ports];
}

// Processes started here; killed synchronously if this process dies in any way.
const live = new Set<ChildProcess>();

/** Signals a child's whole process group (it was started detached), or the child alone. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		process.kill(-(child.pid as number), signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

let hooked = false;
function hookExit(): void {
	if (hooked) return;
	hooked = true;
	const killAll = () => {
		for (const c of live) killGroup(c, 'SIGKILL');
	};
	process.on('exit', killAll);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(sig, () => {
			console.error(`\n[n8n supervisor] ${sig}: stopping n8n and helpers`);
			killAll();
			process.exit(130);
		});
	}
}

/** Tracks a child started detached: it is killed (whole group) when this process ends, until untracked. */
export function track(child: ChildProcess): void {
	hookExit();
	live.add(child);
}

/** Stops tracking a child that has ended. */
export function untrack(child: ChildProcess): void {
	live.delete(child);
}

export interface TrackedRun {
	/** The exit code, or null when it was ended (timeout) or could not start. */
	status: number | null;
	error?: Error;
	stdout: string;
	stderr: string;
}

/**
 * Runs a helper command in its own process group, tracked like n8n so a signal to this
 * process ends it too. Never rejects on an exit code; `timeoutMs` ends it (status null).
 */
export function runTracked(
	cmd: string,
	args: string[],
	options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<TrackedRun> {
	return new Promise((resolve) => {
		const { timeoutMs, ...spawnOptions } = options;
		const child = spawn(cmd, args, {
			...spawnOptions,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		track(child);
		const timer = timeoutMs ? setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs) : null;
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout?.on('data', (c: Buffer) => out.push(c));
		child.stderr?.on('data', (c: Buffer) => err.push(c));
		const done = (status: number | null, error?: Error) => {
			if (timer) clearTimeout(timer);
			untrack(child);
			resolve({
				status,
				error,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
			});
		};
		child.on('error', (error) => done(null, error));
		child.on('close', (code) => done(code));
	});
}

/**
 * Starts a long-running helper (a database server, say) in its own process group, tracked
 * like n8n so that it ends with this process whatever happens.
 */
export function spawnTracked(
	cmd: string,
	args: string[],
	options: SpawnOptions = {},
): ChildProcess {
	const child = spawn(cmd, args, { stdio: 'ignore', ...options, detached: true });
	track(child);
	child.on('exit', () => untrack(child));
	return child;
}
