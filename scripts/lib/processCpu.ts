/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tooling: runs outside n8n, not published */
import * as fs from 'fs';

/**
 * CPU seconds used so far by the processes `matches` picks, from /proc. `fields` are the
 * stat fields after the command name (which may hold spaces): state is fields[0], ppid
 * fields[1], pgrp fields[2].
 */
export function cpuSecondsOf(matches: (pid: number, fields: string[]) => boolean): number {
	let ticks = 0;
	for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		let stat: string;
		try {
			stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (!matches(Number(pid), fields)) continue;
		ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
	}
	return ticks / 100;
}

/** CPU seconds used so far by a process group (n8n and its task runner). */
export function groupCpuSeconds(group: number | undefined): number {
	if (!group) return NaN;
	return cpuSecondsOf((_pid, fields) => Number(fields[2]) === group);
}
