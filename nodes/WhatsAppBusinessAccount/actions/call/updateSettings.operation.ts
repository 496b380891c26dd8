import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { humanize, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';
import { getCallPhoneNumberId, showFor } from './common';
import { callingSettings, DAYS } from './settings';

const onOff = [
	{ name: 'Enabled', value: 'ENABLED' },
	{ name: 'Disabled', value: 'DISABLED' },
];

export const option: OperationOption = {
	name: 'Update Settings',
	value: 'updateSettings',
	description:
		"Turn calling on or off and set the number's call button, call hours, holidays, callback requests or SIP",
	action: 'Update calling settings',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Calling Settings',
		name: 'callingSettings',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		description: 'Only the settings added here change; Meta keeps the others',
		displayOptions: { show: showFor('updateSettings') },
		options: [
			{
				displayName: 'Call Button',
				name: 'callIconVisibility',
				type: 'options',
				options: [
					{
						name: 'Default',
						value: 'DEFAULT',
						description: 'Customers see the call button in the chat',
					},
					{
						name: 'Hidden',
						value: 'DISABLE_ALL',
						description: 'No call button; customers can still call from a message button or a link',
					},
				],
				default: 'DEFAULT',
				description: 'Whether the call button shows in the chat with the business',
			},
			{
				displayName: 'Call Hours',
				name: 'callHoursStatus',
				type: 'options',
				options: onOff,
				default: 'ENABLED',
				description:
					'Whether calls are only taken in the weekly hours. Meta replaces the call hours as a whole: give the time zone, the hours and the holidays together.',
			},
			{
				displayName: 'Callback Permission Request',
				name: 'callbackPermissionStatus',
				type: 'options',
				options: onOff,
				default: 'ENABLED',
				description:
					'Whether a customer who called (answered or missed) is asked to let the business call back',
			},
			{
				displayName: 'Calling',
				name: 'status',
				type: 'options',
				options: onOff,
				default: 'ENABLED',
				description: 'Whether the number can make and receive WhatsApp calls',
			},
			{
				displayName: 'Holidays',
				name: 'holidays',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Holiday',
				description: 'Days (or parts of days) with no calls, even within the weekly hours',
				options: [
					{
						displayName: 'Holiday',
						name: 'holiday',
						values: [
							{
								displayName: 'Date',
								name: 'date',
								type: 'string',
								default: '',
								placeholder: 'e.g. 2026-12-25',
							},
							{
								displayName: 'Start Time',
								name: 'startTime',
								type: 'string',
								default: '0000',
								description: '24-hour time, HHMM or HH:MM',
							},
							{
								displayName: 'End Time',
								name: 'endTime',
								type: 'string',
								default: '2359',
								description: '24-hour time, HHMM or HH:MM',
							},
						],
					},
				],
			},
			{
				displayName: 'SIP',
				name: 'sipStatus',
				type: 'options',
				options: onOff,
				default: 'DISABLED',
				description:
					'Whether calls are signalled over SIP to your servers. With SIP on, Meta refuses the Call operations and sends no calls webhooks.',
			},
			{
				displayName: 'SIP Servers',
				name: 'sipServers',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add SIP Server',
				options: [
					{
						displayName: 'Server',
						name: 'server',
						values: [
							{
								displayName: 'Hostname',
								name: 'hostname',
								type: 'string',
								default: '',
								placeholder: 'e.g. sip.example.com',
							},
							{
								displayName: 'Port',
								name: 'port',
								type: 'number',
								default: 5061,
							},
							{
								displayName: 'Request URI User Params',
								name: 'requestUriUserParams',
								type: 'json',
								default: '',
								description: 'Parameters Meta adds to the SIP request URI, as a JSON object',
							},
						],
					},
				],
			},
			{
				displayName: 'Time Zone',
				name: 'timezoneId',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description: 'The time zone of the call hours and holidays (IANA name)',
			},
			{
				displayName: 'Weekly Hours',
				name: 'weeklyHours',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Hours',
				description: 'When calls are taken, per day of the week',
				options: [
					{
						displayName: 'Hours',
						name: 'hours',
						values: [
							{
								displayName: 'Day',
								name: 'dayOfWeek',
								type: 'options',
								options: DAYS.map((day) => ({ name: humanize(day.toLowerCase()), value: day })),
								default: 'MONDAY',
							},
							{
								displayName: 'Open Time',
								name: 'openTime',
								type: 'string',
								default: '0900',
								placeholder: 'e.g. 0900',
								description: '24-hour time, HHMM or HH:MM',
							},
							{
								displayName: 'Close Time',
								name: 'closeTime',
								type: 'string',
								default: '1700',
								placeholder: 'e.g. 1730',
								description: '24-hour time, HHMM or HH:MM',
							},
						],
					},
				],
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getCallPhoneNumberId(this, itemIndex);
	const settings = this.getNodeParameter('callingSettings', itemIndex, {}) as IDataObject;
	const calling = callingSettings(this, itemIndex, settings);
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}/settings`,
		json: { calling },
		itemIndex,
	});
	return { ...normalizeSuccess(answer), calling };
}
