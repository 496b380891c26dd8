// The `calling` object of POST /{phone-number-id}/settings (Calling API, "Configure or update
// calling settings"), built from the Update Settings fields and checked before it is sent:
// Meta replaces call_hours as a whole, so a partial one is refused here rather than wiping
// the hours the number has.
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

export const DAYS = [
	'MONDAY',
	'TUESDAY',
	'WEDNESDAY',
	'THURSDAY',
	'FRIDAY',
	'SATURDAY',
	'SUNDAY',
] as const;

/** Meta's times are 24-hour "HHMM" strings ("0900", "1730"). */
const HHMM = /^([01][0-9]|2[0-3])[0-5][0-9]$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/** "9:00" and "09:00" as Meta's "0900"; anything else stays as typed and is refused. */
function hhmm(raw: unknown): string {
	const text = String(raw ?? '').trim();
	const match = /^(\d{1,2}):?(\d{2})$/.exec(text);
	return match ? `${match[1].padStart(2, '0')}${match[2]}` : text;
}

function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

type Refuse = (message: string) => never;

function interval(
	refuse: Refuse,
	what: string,
	fromRaw: unknown,
	toRaw: unknown,
): { from: string; to: string } {
	const from = hhmm(fromRaw);
	const to = hhmm(toRaw);
	for (const time of [from, to])
		if (!HHMM.test(time)) refuse(`${what}: "${time}" is not a time such as 0900 or 17:30`);
	if (from >= to) refuse(`${what}: the end (${to}) must be after the start (${from})`);
	return { from, to };
}

function callHours(settings: IDataObject, refuse: Refuse): IDataObject | undefined {
	const weekly = ((settings.weeklyHours as IDataObject)?.hours ?? []) as IDataObject[];
	const holidays = ((settings.holidays as IDataObject)?.holiday ?? []) as IDataObject[];
	const zone = String(settings.timezoneId ?? '').trim();
	const status = settings.callHoursStatus as string | undefined;
	const details = weekly.length > 0 || holidays.length > 0 || zone !== '';
	if (!status) {
		if (details)
			refuse(
				'Set Call Hours to Enabled or Disabled along with its time zone, hours or holidays: Meta replaces the call hours as a whole',
			);
		return undefined;
	}
	const hours: IDataObject = { status };
	if (status === 'ENABLED' && (!zone || weekly.length === 0))
		refuse(
			'Call Hours Enabled needs a Time Zone and at least one entry in Weekly Hours: Meta replaces the call hours as a whole',
		);
	if (zone) {
		if (!isTimeZone(zone))
			refuse(`Time Zone "${zone}" is not a time zone such as Europe/Berlin or America/Manaus`);
		hours.timezone_id = zone;
	}
	if (weekly.length)
		hours.weekly_operating_hours = weekly.map((entry) => {
			const day = String(entry.dayOfWeek ?? '');
			const { from, to } = interval(
				refuse,
				`Weekly Hours (${day})`,
				entry.openTime,
				entry.closeTime,
			);
			return { day_of_week: day, open_time: from, close_time: to };
		});
	if (holidays.length)
		hours.holiday_schedule = holidays.map((entry) => {
			const date = String(entry.date ?? '')
				.trim()
				.slice(0, 10);
			if (!DATE.test(date)) refuse(`Holidays: "${date}" is not a date such as 2026-12-25`);
			const { from, to } = interval(
				refuse,
				`Holidays (${date})`,
				entry.startTime ?? '0000',
				entry.endTime ?? '2359',
			);
			return { date, start_time: from, end_time: to };
		});
	return hours;
}

function sip(settings: IDataObject, refuse: Refuse): IDataObject | undefined {
	const servers = ((settings.sipServers as IDataObject)?.server ?? []) as IDataObject[];
	const status = settings.sipStatus as string | undefined;
	if (!status) {
		if (servers.length) refuse('Set SIP to Enabled or Disabled along with its servers');
		return undefined;
	}
	if (status === 'ENABLED' && servers.length === 0)
		refuse('SIP Enabled needs a SIP server: Meta sends the calls to it');
	const out: IDataObject = { status };
	if (servers.length)
		out.servers = servers.map((server) => {
			const hostname = String(server.hostname ?? '').trim();
			if (!/^[A-Za-z0-9.-]+$/.test(hostname))
				refuse(`SIP server hostname "${hostname}" is not a host name such as sip.example.com`);
			const entry: IDataObject = { hostname };
			const port = Number(server.port ?? 0);
			if (port) {
				if (!Number.isInteger(port) || port < 1 || port > 65535)
					refuse(`SIP server port ${String(server.port)} is not a port (1 to 65535)`);
				entry.port = port;
			}
			const params = String(server.requestUriUserParams ?? '').trim();
			if (params) {
				let parsed: unknown;
				try {
					parsed = JSON.parse(params);
				} catch {
					parsed = undefined;
				}
				if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
					refuse(
						'SIP server Request URI User Params must be a JSON object such as {"KEY1": "VALUE1"}',
					);
				entry.request_uri_user_params = parsed as IDataObject;
			}
			return entry;
		});
	return out;
}

/** The `calling` object for the item, or a refusal naming the field. */
export function callingSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	settings: IDataObject,
): IDataObject {
	const refuse: Refuse = (message) => {
		throw new NodeOperationError(context.getNode(), message, {
			itemIndex,
			description: 'Nothing was changed at Meta.',
		});
	};
	const calling: IDataObject = {};
	if (settings.status) calling.status = settings.status;
	if (settings.callIconVisibility) calling.call_icon_visibility = settings.callIconVisibility;
	if (settings.callbackPermissionStatus)
		calling.callback_permission_status = settings.callbackPermissionStatus;
	const hours = callHours(settings, refuse);
	if (hours) calling.call_hours = hours;
	const sipSettings = sip(settings, refuse);
	if (sipSettings) calling.sip = sipSettings;
	if (Object.keys(calling).length === 0)
		refuse('Nothing to update: add a setting under Calling Settings');
	return calling;
}
