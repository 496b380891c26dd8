/**
 * One line of the setup check's report (Webhook Setup > Check). Its own file so that the
 * checks (setupCheck.ts, numberDeliveries.ts, permissions.ts) share it without importing
 * one another.
 */
export interface SetupCheckResult {
	check: string;
	/** true: fine; false: this stops or misroutes deliveries; null: cannot be read, see `found`. */
	passed: boolean | null;
	found: string;
	expected: string;
	fix: string;
}
