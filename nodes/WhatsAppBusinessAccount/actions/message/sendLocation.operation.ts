import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import {
	envelope,
	fail,
	outgoing,
	sendOptions,
	sendProperties,
	showFor,
	TO_ANY_RECIPIENT,
	sending,
} from './common';

const show = showFor('sendLocation');

export const option: OperationOption = {
	name: 'Send Location',
	value: 'sendLocation',
	description: `Send a map pin with optional name and address ${TO_ANY_RECIPIENT}`,
	action: 'Send location',
};

export const description: INodeProperties[] = [
	...sendProperties('sendLocation'),
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { numberPrecision: 7, minValue: -90, maxValue: 90 },
		required: true,
		default: 0,
		description: 'Latitude of the place in decimal degrees, -90 to 90',
		displayOptions: { show },
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { numberPrecision: 7, minValue: -180, maxValue: 180 },
		required: true,
		default: 0,
		description: 'Longitude of the place in decimal degrees, -180 to 180',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. Philz Coffee',
				description: "The place's name",
			},
			{
				displayName: 'Address',
				name: 'address',
				type: 'string',
				default: '',
				placeholder: 'e.g. 101 Forest Ave, Palo Alto, CA 94301',
				description: "The place's address, shown under its name",
			},
			...sendOptions(),
		],
	},
];

function coordinate(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
	max: number,
): number {
	const value = Number(context.getNodeParameter(name, itemIndex, NaN));
	if (!Number.isFinite(value) || Math.abs(value) > max)
		fail(context, itemIndex, `${label} must be a number from -${max} to ${max}`);
	return value;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const location: IDataObject = {
		latitude: coordinate(this, itemIndex, 'latitude', 'Latitude', 90),
		longitude: coordinate(this, itemIndex, 'longitude', 'Longitude', 180),
	};
	if (String(options.name ?? '').trim()) location.name = String(options.name).trim();
	if (String(options.address ?? '').trim()) location.address = String(options.address).trim();
	const { target, fields } = envelope(this, itemIndex, options);
	return outgoing(target, fields, 'location', location);
}

export const execute = sending(prepare);
