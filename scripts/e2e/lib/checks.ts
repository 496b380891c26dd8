/**
 * How a scenario reports: `check` prints one line per check ("  ok  " or "  FAIL") and
 * counts it for the run's "<n> passed, <m> failed"; `step` prints a section title.
 */
export type Check = (name: string, ok: unknown, detail?: string) => boolean;
export type Step = (title: string) => void;

export interface CheckResult {
	name: string;
	ok: boolean;
	detail: string;
}

export function checkList(): { check: Check; step: Step; checks: CheckResult[] } {
	const checks: CheckResult[] = [];
	const check: Check = (name, ok, detail = '') => {
		checks.push({ name, ok: Boolean(ok), detail });
		console.log(`${ok ? '  ok  ' : '  FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
		return Boolean(ok);
	};
	const step: Step = (title) => console.log(`\n== ${title}`);
	return { check, step, checks };
}
