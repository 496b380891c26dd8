import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { main, type Io } from '../../scripts/lib/replay/cli';

export interface CliRun {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs the harness's command line in this process, capturing what it prints. */
export async function runCli(argv: string[], onStderr?: (text: string) => void): Promise<CliRun> {
	let stdout = '';
	let stderr = '';
	const io: Io = {
		stdout: (t) => (stdout += t),
		stderr: (t) => {
			stderr += t;
			onStderr?.(t);
		},
		isTTY: false,
	};
	const code = await main(argv, io);
	return { code, stdout, stderr };
}

const made: string[] = [];
afterAll(() => {
	for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory, removed after the test file. */
export function tempDir(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-replay-test-'));
	made.push(dir);
	return dir;
}
