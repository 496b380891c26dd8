// What the three analytics operations share: the date range (presets or start and end, in
// UTC like Meta's figures), list filters, Graph's field-expansion syntax, and the flattening
// of Meta's nested answers into one item per data point with ISO dates and numeric costs.
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { GraphAnalytics } from '../../../shared/generated/graph-types';
import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getWabaId, optionsFromEnum } from '../common';
import { ANALYTICS_ENUMS } from '../schemas';

const DAY = 24 * 60 * 60;

/** Date range, and granularity where the operation has a choice. */
export function dateRangeProperties(
	operation: string,
	withGranularity: boolean,
): INodeProperties[] {
	const show = { resource: ['analytics'], operation: [operation] };
	const properties: INodeProperties[] = [
		{
			displayName: 'Date Range',
			name: 'dateRange',
			type: 'options',
			options: [
				{ name: 'Custom', value: 'custom', description: 'Choose the start and the end' },
				{
					name: 'Last 30 Days',
					value: 'last30Days',
					description: 'From midnight UTC 30 days ago until now',
				},
				{
					name: 'Last 7 Days',
					value: 'last7Days',
					description: 'From midnight UTC seven days ago until now',
				},
				{
					name: 'Last 90 Days',
					value: 'last90Days',
					description: 'From midnight UTC 90 days ago until now',
				},
				{
					name: 'Last Month',
					value: 'lastMonth',
					description: 'The whole previous calendar month (UTC)',
				},
				{
					name: 'This Month',
					value: 'thisMonth',
					description: 'From the first of this month (UTC) until now',
				},
			],
			default: 'last7Days',
			displayOptions: { show },
		},
		{
			displayName: 'Start',
			name: 'start',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'The start of the range. A time without a time zone is read as UTC.',
			displayOptions: { show: { ...show, dateRange: ['custom'] } },
		},
		{
			displayName: 'End',
			name: 'end',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'The end of the range. A time without a time zone is read as UTC.',
			displayOptions: { show: { ...show, dateRange: ['custom'] } },
		},
	];
	if (withGranularity) {
		properties.push({
			displayName: 'Granularity',
			name: 'granularity',
			type: 'options',
			options: optionsFromEnum(ANALYTICS_ENUMS.granularity),
			default: 'DAILY',
			description: 'The length of each data point',
			displayOptions: { show },
		});
	}
	return properties;
}

function parseInstant(value: unknown): number {
	const text = String(value ?? '').trim();
	// n8n's date picker gives local times without a zone; Meta's figures are in UTC
	const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/T\d/.test(text) ? text : `${text}Z`;
	const ms = Date.parse(
		/T\d/.test(withZone) || /[zZ]$/.test(withZone) ? withZone : `${withZone}T00:00:00Z`,
	);
	return Math.floor(ms / 1000);
}

/** Start and end as Unix seconds. */
export function getDateRange(
	context: IExecuteFunctions,
	itemIndex: number,
	now = Date.now(),
): { start: number; end: number } {
	const preset = context.getNodeParameter('dateRange', itemIndex, 'last7Days') as string;
	const today = new Date(now);
	const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) / 1000;
	const nowSeconds = Math.floor(now / 1000);
	let range: { start: number; end: number };
	switch (preset) {
		case 'last30Days':
			range = { start: midnight - 30 * DAY, end: nowSeconds };
			break;
		case 'last90Days':
			range = { start: midnight - 90 * DAY, end: nowSeconds };
			break;
		case 'thisMonth':
			range = {
				start: Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1) / 1000,
				end: nowSeconds,
			};
			break;
		case 'lastMonth':
			range = {
				start: Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1) / 1000,
				end: Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1) / 1000,
			};
			break;
		case 'custom': {
			range = {
				start: parseInstant(context.getNodeParameter('start', itemIndex, '')),
				end: parseInstant(context.getNodeParameter('end', itemIndex, '')),
			};
			if (!Number.isFinite(range.start) || !Number.isFinite(range.end)) {
				throw new NodeOperationError(context.getNode(), 'Start and End must both be dates', {
					itemIndex,
				});
			}
			break;
		}
		default:
			range = { start: midnight - 7 * DAY, end: nowSeconds };
	}
	if (range.end <= range.start) {
		throw new NodeOperationError(
			context.getNode(),
			'The end of the date range must be after its start',
			{ itemIndex },
		);
	}
	return range;
}

/** A comma-separated text or a list, as trimmed values. */
export function splitList(value: unknown): string[] {
	const values = Array.isArray(value) ? value : String(value ?? '').split(',');
	return values.map((v) => String(v).trim()).filter(Boolean);
}

/** Graph's field expansion: `pricing_analytics.start(1).end(2).dimensions(["COUNTRY"])`. */
export function fieldExpansion(
	field: string,
	parameters: Array<[string, string | number | string[]]>,
): string {
	const parts = parameters
		.filter(([, value]) => !(Array.isArray(value) && value.length === 0))
		.map(
			([name, value]) => `${name}(${Array.isArray(value) ? JSON.stringify(value) : String(value)})`,
		);
	return [field, ...parts].join('.');
}

export const isoDate = (seconds: unknown): IDataObject[string] => {
	const n = Number(seconds);
	return Number.isFinite(n) ? new Date(n * 1000).toISOString() : (seconds as IDataObject[string]);
};

const toNumber = (value: unknown): IDataObject[string] => {
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(n) ? n : (value as IDataObject[string]);
};

/** Data points of `{ data: [{ data_points: [...] }] }`, flattened; timestamps as ISO dates, figures as numbers. */
export function dataPointItems(analytics: unknown, numericKeys: string[]): IDataObject[] {
	const groups =
		(analytics as { data?: Array<{ data_points?: IDataObject[] }> } | undefined)?.data ?? [];
	const items: IDataObject[] = [];
	for (const group of groups) {
		for (const point of group.data_points ?? []) {
			const item: IDataObject = { ...point, start: isoDate(point.start), end: isoDate(point.end) };
			for (const key of numericKeys) if (point[key] !== undefined) item[key] = toNumber(point[key]);
			items.push(item);
		}
	}
	return items;
}

/** A multi-select filter of an analytics operation. */
export function enumFilter(
	displayName: string,
	name: string,
	values: readonly string[],
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'multiOptions',
		options: optionsFromEnum(values),
		default: [],
		description,
	};
}

export const phoneNumbersFilter: INodeProperties = {
	displayName: 'Phone Numbers',
	name: 'phoneNumbers',
	type: 'string',
	default: '',
	placeholder: 'e.g. 15550783881, 15550783882',
	description:
		'Only these business numbers, digits with country code (comma-separated). Empty means all.',
};

export const countryCodesFilter: INodeProperties = {
	displayName: 'Country Codes',
	name: 'countryCodes',
	type: 'string',
	default: '',
	placeholder: 'e.g. US, IN, BR',
	description:
		'Only messages to these countries, as two-letter codes (comma-separated). Empty means all.',
};

/** Digits only: Meta's analytics take numbers as 15550783881. */
export const phoneNumberDigits = (value: unknown) =>
	splitList(value)
		.map((n) => n.replace(/\D/g, ''))
		.filter(Boolean);

/** The Filters collection of an analytics operation. */
export function filtersProperty(operation: string, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['analytics'], operation: [operation] } },
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/**
 * Reads `pricing_analytics` or `conversation_analytics` of the account: the date range,
 * granularity and the common filters, plus the field's own list filters (Graph parameter →
 * filter name), and outputs its data points.
 */
export async function readFieldAnalytics(
	context: IExecuteFunctions,
	itemIndex: number,
	field: 'pricing_analytics' | 'conversation_analytics',
	ownFilters: Array<[string, string]>,
	numericKeys: string[],
): Promise<IDataObject[]> {
	const wabaId = getWabaId(context, itemIndex);
	const { start, end } = getDateRange(context, itemIndex);
	const granularity = context.getNodeParameter('granularity', itemIndex, 'DAILY') as string;
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const fields = fieldExpansion(field, [
		['start', start],
		['end', end],
		['granularity', granularity],
		['phone_numbers', phoneNumberDigits(filters.phoneNumbers)],
		['country_codes', splitList(filters.countryCodes).map((c) => c.toUpperCase())],
		['metric_types', splitList(filters.metricTypes)],
		...ownFilters.map(([parameter, name]): [string, string[]] => [
			parameter,
			splitList(filters[name]),
		]),
		['dimensions', splitList(filters.dimensions)],
	]);
	const answer = await graphApiRequest<GraphAnalytics>(context, {
		method: 'GET',
		path: `/${wabaId}`,
		qs: { fields },
		itemIndex,
	});
	return dataPointItems(answer[field], numericKeys);
}
