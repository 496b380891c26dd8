import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';

import type { GraphTemplateDataPoint } from '../../../shared/generated/graph-types';
import { graphApiRequestAllItems } from '../../../shared/transport/graphApi';
import { getWabaId } from '../common';
import { ANALYTICS_ENUMS } from '../schemas';
import type { OperationOption } from '../operation';
import {
	dateRangeProperties,
	enumFilter,
	filtersProperty,
	getDateRange,
	isoDate,
	splitList,
} from './common';

const operation = 'getTemplates';
const show = { resource: ['analytics'], operation: [operation] };

/** Meta's limit of templates per request. */
const MAX_TEMPLATES = 10;
/** Meta's code when the account has not enabled template insights. */
const INSIGHTS_NOT_ENABLED = 200005;

export const option: OperationOption = {
	name: 'Get Template Analytics',
	value: 'getTemplates',
	description:
		'Get how often templates were sent, delivered, read and clicked, and what they cost, per day; the account must have template insights on',
	action: 'Get template analytics',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Template IDs',
		name: 'templateIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 594425479261596, 1213131231231',
		description: 'Up to 10 template IDs, comma-separated; Message Template > Get Many shows them',
		displayOptions: { show },
	},
	...dateRangeProperties(operation, false),
	filtersProperty(operation, [
		enumFilter(
			'Metrics',
			'metricTypes',
			ANALYTICS_ENUMS.templateMetricType,
			'Which figures to get. Empty gets all of them.',
		),
	]),
];

/** One spreadsheet-ready row: click counts summed, each cost type as its own numeric column. */
function flatten(point: GraphTemplateDataPoint): IDataObject {
	const { clicked, cost, ...rest } = point;
	const row: IDataObject = { ...rest, start: isoDate(point.start), end: isoDate(point.end) };
	if (Array.isArray(clicked)) {
		row.clicked = clicked.reduce((sum, click) => sum + (Number(click.count) || 0), 0);
		row.clicked_buttons = clicked as IDataObject[];
	}
	for (const entry of Array.isArray(cost) ? cost : []) {
		if (entry.type) row[entry.type] = entry.value === undefined ? null : Number(entry.value);
	}
	return row;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const wabaId = getWabaId(this, itemIndex);
	const templateIds = splitList(this.getNodeParameter('templateIds', itemIndex, ''));
	if (
		!templateIds.length ||
		templateIds.length > MAX_TEMPLATES ||
		templateIds.some((id) => !/^[0-9]+$/.test(id))
	) {
		throw new NodeOperationError(
			this.getNode(),
			`Template IDs must be 1 to ${MAX_TEMPLATES} IDs, digits only`,
			{ itemIndex },
		);
	}
	const { start, end } = getDateRange(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const metricTypes = splitList(filters.metricTypes);
	const qs: IDataObject = {
		start,
		end,
		granularity: 'DAILY',
		template_ids: JSON.stringify(templateIds),
		...(metricTypes.length ? { metric_types: JSON.stringify(metricTypes) } : {}),
	};
	let groups: Array<{ data_points?: GraphTemplateDataPoint[] }>;
	try {
		groups = await graphApiRequestAllItems(this, {
			method: 'GET',
			path: `/${wabaId}/template_analytics`,
			qs,
			itemIndex,
		});
	} catch (error) {
		if (!(error instanceof NodeApiError))
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		if (error.context?.graphErrorCode === INSIGHTS_NOT_ENABLED) {
			error.description =
				`Template analytics are off for this account. Turn them on once with Account > Update > Is Enabled for Insights; Meta then collects figures from that day on. ${error.description ?? ''}`.trim();
		}
		// the same instance, with Meta's details kept
		throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
	}
	return groups.flatMap((group) => (group.data_points ?? []).map(flatten));
}
