/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tooling: runs outside n8n, not published */
import * as fs from 'fs';

/** CPU seconds used so far by a process group (n8n and its task runner), from /proc. */
export function groupCpuSeconds(group: number | undefined): number {
	if (!group) return NaN;
	let ticks = 0;
	for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		let stat: string;
		try {
			stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue;
		}
		// fields after the command name (which may hold spaces): state is field 3
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) !== group) continue; // pgrp
		ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
	}
	return ticks / 100;
}
