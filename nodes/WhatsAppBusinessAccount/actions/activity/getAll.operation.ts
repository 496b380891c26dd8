import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { GraphActivity } from '../../../shared/generated/graph-types';
import { graphApiRequestAllItems } from '../../../shared/transport/graphApi';
import {
	getListOptions,
	getWabaId,
	listPropertiesFor,
	optionsFromSchemaProperties,
} from '../common';
import { ACTIVITY_FIELDS } from '../schemas';
import type { OperationOption } from '../operation';

const show = { resource: ['activity'], operation: ['getAll'] };

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	description:
		"Get the account's activity history (who added numbers or users, changed settings, and when), newest first, optionally between two dates",
	action: 'Get many activities',
};

export const description: INodeProperties[] = [
	...listPropertiesFor(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'After',
				name: 'after',
				type: 'dateTime',
				default: '',
				description: 'Only activities at or after this time (UTC when no time zone is given)',
			},
			{
				displayName: 'Before',
				name: 'before',
				type: 'dateTime',
				default: '',
				description: 'Only activities before this time (UTC when no time zone is given)',
			},
		],
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: optionsFromSchemaProperties(ACTIVITY_FIELDS),
		default: [],
		description: 'The activity fields to read. Empty reads all of them.',
		displayOptions: { show },
	},
];

function instant(value: unknown): number | undefined {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	const ms = Date.parse(
		/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.includes('T') ? text : `${text}T00:00:00`}Z`,
	);
	return Number.isFinite(ms) ? ms / 1000 : Number.NaN;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const wabaId = getWabaId(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const chosen = this.getNodeParameter('fields', itemIndex, []) as string[];
	const after = instant(filters.after);
	const before = instant(filters.before);
	if (Number.isNaN(after) || Number.isNaN(before)) {
		throw new NodeOperationError(this.getNode(), 'After and Before must be dates', { itemIndex });
	}
	const fields = chosen.length ? [...chosen] : Object.keys(ACTIVITY_FIELDS);
	// the date filter needs each activity's time
	if ((after !== undefined || before !== undefined) && !fields.includes('timestamp'))
		fields.push('timestamp');
	const listOptions = getListOptions(this, itemIndex);
	const filtering = after !== undefined || before !== undefined;
	// Meta's reference lists no date parameter for this edge: the node filters, so it reads every page
	const activities = await graphApiRequestAllItems<GraphActivity>(
		this,
		{ method: 'GET', path: `/${wabaId}/activities`, qs: { fields: fields.join(',') }, itemIndex },
		filtering ? { pageSize: listOptions.pageSize } : listOptions,
	);
	const matching = activities.filter((activity) => {
		const time = Number(activity.timestamp);
		if (after !== undefined && !(time >= after)) return false;
		if (before !== undefined && !(time < before)) return false;
		return true;
	});
	const limited = listOptions.limit !== undefined ? matching.slice(0, listOptions.limit) : matching;
	return limited.map((activity) => {
		const time = Number(activity.timestamp);
		return {
			...activity,
			...(Number.isFinite(time) ? { time: new Date(time * 1000).toISOString() } : {}),
		} as IDataObject;
	});
}
