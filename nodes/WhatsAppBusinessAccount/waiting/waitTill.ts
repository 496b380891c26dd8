/**
 * Options > Limit Wait Time of Send and Wait for Response, with the names n8n's own
 * send-and-wait nodes save (limitType, resumeAmount, resumeUnit, maxDateAndTime), read here.
 * When the time comes n8n resumes the execution itself and passes the node's input item on.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** n8n's "wait indefinitely" date: waiting executions without a time limit carry it. */
export const WAIT_INDEFINITELY = new Date('3000-01-01T00:00:00.000Z');

const UNIT_MS: Record<string, number> = {
	minutes: 60_000,
	hours: 3_600_000,
	days: 86_400_000,
};

export const limitWaitTimeOption: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'hours' } },
	description:
		'Whether to stop waiting after a time; the node then passes its input item on unchanged',
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Limit Type',
					name: 'limitType',
					type: 'options',
					default: 'afterTimeInterval',
					options: [
						{
							name: 'After Time Interval',
							value: 'afterTimeInterval',
							description: 'Stop waiting after a number of minutes, hours or days',
						},
						{
							name: 'At Specified Time',
							value: 'atSpecifiedTime',
							description: 'Stop waiting at a date and time',
						},
					],
				},
				{
					displayName: 'Amount',
					name: 'resumeAmount',
					type: 'number',
					default: 1,
					typeOptions: { minValue: 0, numberPrecision: 2 },
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Unit',
					name: 'resumeUnit',
					type: 'options',
					default: 'hours',
					options: [
						{ name: 'Minutes', value: 'minutes' },
						{ name: 'Hours', value: 'hours' },
						{ name: 'Days', value: 'days' },
					],
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Max Date and Time',
					name: 'maxDateAndTime',
					type: 'dateTime',
					default: '',
					description: 'When to stop waiting',
					displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
				},
			],
		},
	],
};

/**
 * When to stop waiting: the limit's date, or WAIT_INDEFINITELY without one. A string result is
 * the problem with the limit (a negative amount, an unreadable or past date).
 */
export function waitTill(options: IDataObject, now = Date.now()): Date | string {
	const limit = (options.limitWaitTime as IDataObject | undefined)?.values as
		IDataObject | undefined;
	if (!limit) return WAIT_INDEFINITELY;
	if (limit.limitType === 'atSpecifiedTime') {
		const raw = limit.maxDateAndTime;
		const at = raw instanceof Date ? raw : new Date(String(raw ?? ''));
		if (Number.isNaN(at.getTime()))
			return `Limit Wait Time: Max Date and Time "${String(raw ?? '')}" is not a date`;
		if (at.getTime() <= now)
			return `Limit Wait Time: Max Date and Time ${at.toISOString()} has passed`;
		return at;
	}
	const amount = Number(limit.resumeAmount ?? 1);
	const unit = String(limit.resumeUnit ?? 'hours');
	if (!Number.isFinite(amount) || amount < 0)
		return `Limit Wait Time: Amount must be 0 or more, got ${String(limit.resumeAmount)}`;
	if (!UNIT_MS[unit]) return `Limit Wait Time: Unit "${unit}" is not minutes, hours or days`;
	return new Date(now + amount * UNIT_MS[unit]);
}
