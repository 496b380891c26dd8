import { jsonParse } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import { typeVersion } from '../versions';
import {
	checkedLink,
	checkLength,
	envelope,
	fail,
	LIMITS,
	mediaReference,
	outgoing,
	requiredText,
	TO_ANY_RECIPIENT,
	sending,
} from './common';
import { MEDIA_HEADER_TYPES } from './sendInteractive.description';

/** The fields, in their own file for their length. */
export { description } from './sendInteractive.description';

export const option: OperationOption = {
	name: 'Send Interactive',
	value: 'sendInteractive',
	description: `Send reply buttons, a list, a call-to-action URL button, a WhatsApp Flow or a location request ${TO_ANY_RECIPIENT}`,
	action: 'Send interactive message',
};

type Check = (label: string, value: string, max: number) => string;

function header(
	context: IExecuteFunctions,
	itemIndex: number,
	type: string,
	check: Check,
): IDataObject | undefined {
	const headerType = MEDIA_HEADER_TYPES.includes(type)
		? (context.getNodeParameter('headerType', itemIndex, 'none') as string)
		: 'text';
	if (headerType === 'none') return undefined;
	if (headerType === 'text') {
		const text = String(context.getNodeParameter('headerText', itemIndex, '') ?? '');
		if (!text.trim()) {
			if (MEDIA_HEADER_TYPES.includes(type))
				fail(context, itemIndex, 'Header Text is empty', 'Fill it in, or set Header Type to None.');
			return undefined;
		}
		return { type: 'text', text: check('Header Text', text, LIMITS.header) };
	}
	const media = String(context.getNodeParameter('headerMedia', itemIndex, '') ?? '');
	const source = mediaReference('either', media, 'Header Media', (message) =>
		fail(context, itemIndex, message),
	);
	return { type: headerType, [headerType]: source };
}

function replyButtons(context: IExecuteFunctions, itemIndex: number, check: Check): IDataObject {
	const buttons = ((context.getNodeParameter('buttons', itemIndex, {}) as IDataObject).button ??
		[]) as IDataObject[];
	if (buttons.length < 1 || buttons.length > LIMITS.buttonCount) {
		fail(
			context,
			itemIndex,
			`Buttons has ${buttons.length} buttons; WhatsApp takes 1 to ${LIMITS.buttonCount}`,
		);
	}
	const titles = new Set<string>();
	const ids = new Set<string>();
	return {
		buttons: buttons.map((button, index) => {
			const label = `Buttons ${index + 1}`;
			const title = String(button.title ?? '');
			const id = String(button.id ?? '').trim() || title.trim();
			if (!title.trim()) fail(context, itemIndex, `${label}: Title is empty`);
			check(`${label}: Title`, title, LIMITS.buttonTitle);
			check(`${label}: ID`, id, LIMITS.buttonId);
			if (titles.has(title))
				fail(
					context,
					itemIndex,
					`${label}: Title "${title}" is used twice; button titles must differ`,
				);
			if (ids.has(id))
				fail(context, itemIndex, `${label}: ID "${id}" is used twice; button IDs must differ`);
			titles.add(title);
			ids.add(id);
			return { type: 'reply', reply: { id, title } };
		}),
	};
}

/**
 * The list's rows, each with its section's title and its label in errors: from version 1.1 the
 * rows of each section under Sections, before it the rows of Rows with their Section field.
 */
function listRows(
	context: IExecuteFunctions,
	itemIndex: number,
): Array<{ row: IDataObject; label: string }> {
	const entries = (value: unknown, key: string) =>
		((value as IDataObject | undefined)?.[key] ?? []) as IDataObject[];
	if (typeVersion(context) < 1.1)
		return entries(context.getNodeParameter('rows', itemIndex, {}), 'row').map((row, index) => ({
			row,
			label: `Rows ${index + 1}`,
		}));
	return entries(context.getNodeParameter('sections', itemIndex, {}), 'section').flatMap(
		(section, s) =>
			entries(section.rows, 'row').map((row, r) => ({
				row: { ...row, section: section.title },
				label: `Section ${s + 1}, Row ${r + 1}`,
			})),
	);
}

function listAction(context: IExecuteFunctions, itemIndex: number, check: Check): IDataObject {
	const button = requiredText(
		context,
		itemIndex,
		'listButtonText',
		'Button Text',
		LIMITS.listButton,
	);
	const rows = listRows(context, itemIndex);
	if (rows.length < 1 || rows.length > LIMITS.listRows)
		fail(
			context,
			itemIndex,
			`The list has ${rows.length} rows; a WhatsApp list takes 1 to ${LIMITS.listRows} in all`,
		);
	const sections: Array<{ title: string; rows: IDataObject[] }> = [];
	const ids = new Set<string>();
	rows.forEach(({ row, label }) => {
		const section = String(row.section ?? '').trim();
		const title = String(row.title ?? '');
		const id = String(row.id ?? '').trim() || title.trim();
		if (!title.trim()) fail(context, itemIndex, `${label}: Title is empty`);
		check(`${label}: Title`, title, LIMITS.rowTitle);
		check(`${label}: Section`, section, LIMITS.sectionTitle);
		check(`${label}: ID`, id, LIMITS.rowId);
		const descriptionText = String(row.description ?? '');
		check(`${label}: Description`, descriptionText, LIMITS.rowDescription);
		if (ids.has(id))
			fail(context, itemIndex, `${label}: ID "${id}" is used twice; row IDs must differ`);
		ids.add(id);
		const last = sections[sections.length - 1];
		const entry = {
			id,
			title,
			...(descriptionText.trim() ? { description: descriptionText } : {}),
		};
		if (last && last.title === section) last.rows.push(entry);
		else sections.push({ title: section, rows: [entry] });
	});
	if (sections.length > LIMITS.listSections)
		fail(
			context,
			itemIndex,
			`Rows make ${sections.length} sections; WhatsApp allows at most ${LIMITS.listSections}`,
		);
	if (sections.length > 1 && sections.some((s) => !s.title)) {
		fail(context, itemIndex, 'Every section needs a title when the list has several sections');
	}
	return {
		button,
		sections: sections.map((s) => ({ ...(s.title ? { title: s.title } : {}), rows: s.rows })),
	};
}

export function flowAction(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const flowId = String(context.getNodeParameter('flowId', itemIndex, '') ?? '').trim();
	if (!/^[0-9]+$/.test(flowId))
		fail(context, itemIndex, `Flow ID must be digits only, got "${flowId}"`);
	const cta = String(context.getNodeParameter('flowCta', itemIndex, '') ?? '').trim();
	if (!cta) fail(context, itemIndex, 'Button Text is empty');
	const options = context.getNodeParameter('flowOptions', itemIndex, {}) as IDataObject;
	const action = String(options.flowAction ?? 'navigate');
	const parameters: IDataObject = {
		flow_message_version: '3',
		flow_id: flowId,
		flow_cta: cta,
		flow_action: action,
	};
	if (String(options.flowToken ?? '').trim())
		parameters.flow_token = String(options.flowToken).trim();
	if (options.mode === 'draft') parameters.mode = 'draft';
	if (action === 'navigate') {
		const payload: IDataObject = {};
		if (String(options.screen ?? '').trim()) payload.screen = String(options.screen).trim();
		const rawData = options.data;
		const data =
			typeof rawData === 'string'
				? rawData.trim()
					? jsonParse<unknown>(rawData, {
							errorMessage: 'Flow Options > Initial Data (JSON) is not valid JSON',
						})
					: {}
				: rawData;
		if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
			fail(context, itemIndex, 'Flow Options > Initial Data (JSON) must be a JSON object');
		}
		if (data && Object.keys(data as IDataObject).length) payload.data = data as IDataObject;
		if (Object.keys(payload).length) parameters.flow_action_payload = payload;
	}
	return { name: 'flow', parameters };
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const type = this.getNodeParameter('interactiveType', itemIndex, 'buttons') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const check: Check = (label, value, max) => checkLength(this, itemIndex, label, value, max);
	const body = requiredText(this, itemIndex, 'body', 'Body', LIMITS.interactiveBody);

	const interactive: IDataObject = {};
	if (type === 'locationRequest') {
		Object.assign(interactive, {
			type: 'location_request_message',
			body: { text: body },
			action: { name: 'send_location' },
		});
	} else {
		const head = header(this, itemIndex, type, check);
		const footer = String(this.getNodeParameter('footer', itemIndex, '') ?? '');
		check('Footer', footer, LIMITS.footer);
		let action: IDataObject;
		if (type === 'buttons') action = replyButtons(this, itemIndex, check);
		else if (type === 'list') action = listAction(this, itemIndex, check);
		else if (type === 'ctaUrl') {
			const displayText = requiredText(
				this,
				itemIndex,
				'ctaDisplayText',
				'Button Text',
				LIMITS.ctaDisplayText,
			);
			const url = checkedLink(
				this,
				itemIndex,
				'URL',
				String(this.getNodeParameter('ctaUrl', itemIndex, '') ?? ''),
			);
			action = { name: 'cta_url', parameters: { display_text: displayText, url } };
		} else if (type === 'flow') action = flowAction(this, itemIndex);
		else fail(this, itemIndex, `Interactive Type "${type}" is not one the node offers`);
		const metaType = { buttons: 'button', list: 'list', ctaUrl: 'cta_url', flow: 'flow' }[
			type as 'buttons'
		];
		Object.assign(interactive, {
			type: metaType,
			...(head ? { header: head } : {}),
			body: { text: body },
			...(footer.trim() ? { footer: { text: footer } } : {}),
			action: action!,
		});
	}
	const { target, fields } = envelope(this, itemIndex, options);
	return outgoing(target, fields, 'interactive', interactive);
}

export const execute = sending(prepare);
