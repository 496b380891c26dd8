/**
 * Postgres and Redis for queue mode: Debian's packages, installed with apt-get when missing,
 * each started here on a free loopback port with its own data folder (never a system
 * instance), and stopped at the end, also when this process dies.
 */
import { execFileSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { cpuSecondsOf } from '../lib/processCpu';
import { killGroup, spawnTracked } from '../lib/n8n/processes';
import { sleep } from '../lib/sleep';

const PG_BIN = process.env.SCALE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** apt-get installs Debian's postgresql and redis-server when their binaries are missing. */
export function ensurePackages(log: (line: string) => void): void {
	const missing: string[] = [];
	if (!fs.existsSync(path.join(PG_BIN, 'pg_ctl'))) missing.push('postgresql');
	if (!fs.existsSync('/usr/bin/redis-server')) missing.push('redis-server');
	if (!missing.length) return;
	log(`installing ${missing.join(', ')} from Debian's packages (apt-get)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
		stdio: 'inherit',
		env,
	});
	// Debian's packages start their own system instances; this run never uses them.
}

/** Runs a Postgres binary as the postgres user when we are root (Postgres refuses root). */
function asPostgres(
	binary: string,
	args: string[],
	options: { stdio?: 'ignore' | 'inherit' } = {},
): string {
	const full = path.join(PG_BIN, binary);
	const [cmd, argv] =
		process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
	return execFileSync(cmd, argv, {
		encoding: 'utf8',
		stdio: ['ignore', options.stdio === 'inherit' ? 'inherit' : 'pipe', 'pipe'],
	});
}

export class Postgres {
	readonly database = 'n8n';
	readonly user = 'postgres';
	private running = false;

	constructor(
		readonly dataDir: string,
		readonly port: number,
	) {}

	/** initdb (trust on loopback), start, create the n8n database. */
	start(): void {
		fs.mkdirSync(this.dataDir, { recursive: true });
		if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', this.dataDir]);
		asPostgres('initdb', ['-D', this.dataDir, '-A', 'trust', '-U', this.user, '--no-sync']);
		const options = `-p ${this.port} -k ${this.dataDir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
		asPostgres('pg_ctl', [
			'-D',
			this.dataDir,
			'-o',
			options,
			'-l',
			path.join(this.dataDir, 'server.log'),
			'-w',
			'start',
		]);
		this.running = true;
		// stopped with this process, whatever ends it
		process.on('exit', () => this.stop('immediate'));
		asPostgres('createdb', [
			'-h',
			'127.0.0.1',
			'-p',
			String(this.port),
			'-U',
			this.user,
			this.database,
		]);
	}

	stop(mode: 'fast' | 'immediate' = 'fast'): void {
		if (!this.running) return;
		this.running = false;
		try {
			asPostgres('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
		} catch {
			/* already stopped */
		}
	}

	/** Rows of a query that returns one text column, one row per line. */
	query(sql: string): string[] {
		const out = execFileSync(
			path.join(PG_BIN, 'psql'),
			[
				'-X',
				'-At',
				'-h',
				'127.0.0.1',
				'-p',
				String(this.port),
				'-U',
				this.user,
				'-d',
				this.database,
				'-c',
				sql,
			],
			{
				encoding: 'utf8',
				maxBuffer: 2 * 1024 * 1024 * 1024,
			},
		);
		return out.split('\n').filter((line) => line.length > 0);
	}

	/** Writes so far in the n8n database (pg_stat_database): commits, rows inserted, updated, deleted. */
	stats(): { commits: number; inserted: number; updated: number; deleted: number } {
		const [row] = this.query(
			`SELECT xact_commit || ',' || tup_inserted || ',' || tup_updated || ',' || tup_deleted FROM pg_stat_database WHERE datname = '${this.database}'`,
		);
		const [commits, inserted, updated, deleted] = row.split(',').map(Number);
		return { commits, inserted, updated, deleted };
	}

	/** CPU seconds of the server so far: the postmaster and every backend it has now. */
	cpuSeconds(): number {
		let postmaster: number;
		try {
			postmaster = Number(
				fs.readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
			);
		} catch {
			return NaN;
		}
		return cpuSecondsOf((pid, fields) => pid === postmaster || Number(fields[1]) === postmaster);
	}

	get env(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: this.database,
			DB_POSTGRESDB_USER: this.user,
			DB_POSTGRESDB_PASSWORD: '',
		};
	}
}

/**
 * The persistence the README recommends for n8n's queue in production: the append-only
 * file, fsynced every second (a Redis crash or restart loses nothing written; a power cut
 * at most the last second), and no eviction (Bull's keys must never be evicted).
 */
export const REDIS_PERSISTENCE = [
	'--appendonly',
	'yes',
	'--appendfsync',
	'everysec',
	'--maxmemory-policy',
	'noeviction',
];

export class Redis {
	private child?: ChildProcess;
	private exited?: Promise<void>;
	restarts = 0;

	constructor(
		readonly dataDir: string,
		readonly port: number,
	) {}

	async start(): Promise<void> {
		fs.mkdirSync(this.dataDir, { recursive: true });
		const log = fs.openSync(path.join(this.dataDir, 'redis.log'), 'a');
		const args = [
			'--port',
			String(this.port),
			'--bind',
			'127.0.0.1',
			'--dir',
			this.dataDir,
			'--save',
			'',
			...REDIS_PERSISTENCE,
		];
		const child = spawnTracked('redis-server', args, { stdio: ['ignore', log, log] });
		fs.closeSync(log);
		this.child = child;
		this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			if (this.ping()) return;
			await sleep(100);
		}
		throw new Error(
			`redis-server did not answer on port ${this.port}; see ${this.dataDir}/redis.log`,
		);
	}

	ping(): boolean {
		try {
			return this.cli('PING').trim() === 'PONG';
		} catch {
			return false;
		}
	}

	cli(...args: string[]): string {
		return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), ...args], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	}

	/** Stops (SIGTERM: Redis flushes its append-only file, as on a service restart) and waits. */
	async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
		if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
		killGroup(this.child, signal);
		await this.exited;
	}

	async restart(signal: NodeJS.Signals = 'SIGTERM', downMs = 3000): Promise<void> {
		await this.stop(signal);
		await sleep(downMs);
		await this.start();
		this.restarts++;
	}

	/** Commands served and CPU seconds used since this server started (INFO). */
	stats(): { calls: number; cpu: number } {
		const info = this.cli('INFO', 'all');
		let calls = 0;
		for (const m of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) calls += Number(m[1]);
		const cpu = ['used_cpu_sys', 'used_cpu_user'].reduce(
			(sum, name) => sum + Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0),
			0,
		);
		return { calls, cpu };
	}

	get env(): Record<string, string> {
		return { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.port) };
	}
}
