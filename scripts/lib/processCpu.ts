import * as fs from 'fs';

/**
 * Calls `visit` for every process in /proc with its stat fields after the command name
 * (which may hold spaces): state is fields[0], ppid fields[1], pgrp fields[2].
 */
function eachProcess(visit: (pid: number, fields: string[]) => void): void {
	for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		let stat: string;
		try {
			stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		visit(Number(pid), stat.slice(stat.lastIndexOf(')') + 2).split(' '));
	}
}

/** CPU seconds used so far by the processes `matches` picks, from /proc (fields: see eachProcess). */
export function cpuSecondsOf(matches: (pid: number, fields: string[]) => boolean): number {
	let ticks = 0;
	eachProcess((pid, fields) => {
		if (matches(pid, fields)) ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
	});
	return ticks / 100;
}

/** CPU seconds used so far by a process group (n8n and its task runner). */
export function groupCpuSeconds(group: number | undefined): number {
	if (!group) return NaN;
	return cpuSecondsOf((_pid, fields) => Number(fields[2]) === group);
}

/**
 * The process group holding the IPv4 loopback TCP connection whose local port is
 * `localPort` (the caller's side of a connection a server sees as its remote port), among
 * `groups`; undefined when none of them holds it. Linux /proc: the connection's socket
 * inode from /proc/net/tcp, then the process whose open files include that socket.
 */
export function groupHoldingConnection(localPort: number, groups: number[]): number | undefined {
	const port = localPort.toString(16).toUpperCase().padStart(4, '0');
	const inodes = new Set<string>();
	for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
		const columns = line.trim().split(/\s+/);
		if (columns[1] === `0100007F:${port}`) inodes.add(`socket:[${columns[9]}]`);
	}
	if (!inodes.size) return undefined;
	let holder: number | undefined;
	eachProcess((pid, fields) => {
		const group = Number(fields[2]);
		if (holder !== undefined || !groups.includes(group)) return;
		let fds: string[] = [];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			return; // gone meanwhile
		}
		for (const fd of fds) {
			try {
				if (inodes.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))) holder = group;
			} catch {
				/* closed meanwhile */
			}
		}
	});
	return holder;
}
