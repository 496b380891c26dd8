import type { ValidationIssue, ValidationVerdict } from './verdict';

/**
 * The issues of one item as the lists they come from (the delivery's, its entry's, its change's,
 * its message's), each list shared by every item it concerns: n items under n delivery-wide
 * issues cost n references to one list, not n² copies. Joined only when an item's errors are read.
 */
export type IssueParts = ReadonlyArray<readonly ValidationIssue[]>;

/** A change's issues: what it inherits from its delivery and entry, and its own (undefined when none). */
export interface ChangeIssues {
	inherited: IssueParts;
	own: ValidationIssue[] | undefined;
}

export const NO_CHANGE_ISSUES: ChangeIssues = { inherited: [], own: undefined };

/** A pointer into one entry (`/entry/<e>`) or one of its changes (`/entry/<e>/changes/<c>`). */
export const ENTRY_OR_CHANGE = /^\/entry\/(\d+)(?:\/changes\/(\d+))?(?=\/|$)/;

/** A pointer (under a change's value) into one element of a list: `<list>/<index>`. */
const LIST_ELEMENT = /^([^/]+)\/(\d+)(?=\/|$)/;

export function pushTo<K>(map: Map<K, ValidationIssue[]>, key: K, issue: ValidationIssue) {
	const list = map.get(key);
	if (list) list.push(issue);
	else map.set(key, [issue]);
}

/**
 * Issues bucketed by where they point: the whole delivery, one entry, or one change. A change
 * gets its entry's and the delivery's lists too, by reference.
 */
export class IssueIndex {
	private readonly delivery: ValidationIssue[] = [];
	private readonly byEntry = new Map<number, ValidationIssue[]>();
	private readonly byChange = new Map<string, ValidationIssue[]>();
	private readonly inherited = new Map<number, IssueParts>();

	constructor(issues: ValidationIssue[]) {
		for (const issue of issues) {
			const m = ENTRY_OR_CHANGE.exec(issue.path);
			if (!m) this.delivery.push(issue);
			else if (m[2] === undefined) pushTo(this.byEntry, Number(m[1]), issue);
			else pushTo(this.byChange, `${m[1]}/${m[2]}`, issue);
		}
	}

	forChange(entry: number, change: number): ChangeIssues {
		let inherited = this.inherited.get(entry);
		if (!inherited) {
			inherited = [this.delivery, this.byEntry.get(entry) ?? []].filter((list) => list.length);
			this.inherited.set(entry, inherited);
		}
		return { inherited, own: this.byChange.get(`${entry}/${change}`) };
	}
}

/** All of a change's issues, for the one item made of the whole change. */
export const changeParts = (issues: ChangeIssues): IssueParts =>
	issues.own ? [...issues.inherited, issues.own] : issues.inherited;

/**
 * A change's own issues bucketed once by the element they point into (one message, status or
 * error; one user_id_update), the rest (its contacts, its metadata) change-wide. Every element's
 * item references the change-wide lists instead of copying them: thousands of flagged messages
 * under thousands of flagged contacts cost one pass over the issues, not one copy per message.
 */
export class ElementIssues {
	private readonly changeWide: IssueParts;
	private readonly byElement = new Map<string, ValidationIssue[]>();

	/** `valuePath`: the pointer to the change's value; `lists`: the value's lists whose elements become items. */
	constructor(issues: ChangeIssues, valuePath: string, lists: readonly string[]) {
		const common: ValidationIssue[] = [];
		const prefix = valuePath + '/';
		for (const issue of issues.own ?? []) {
			const m = issue.path.startsWith(prefix)
				? LIST_ELEMENT.exec(issue.path.slice(prefix.length))
				: null;
			if (m && lists.includes(m[1])) pushTo(this.byElement, `${m[1]}/${m[2]}`, issue);
			else common.push(issue);
		}
		this.changeWide = [...issues.inherited, common];
	}

	forElement(list: string, index: number): IssueParts {
		const own = this.byElement.get(`${list}/${index}`);
		return own ? [...this.changeWide, own] : this.changeWide;
	}
}

/**
 * An item's verdict. One list (or none) is the item's `errors` as it is; several are joined the
 * first time `errors` is read (JSON.stringify, n8n copying the item, a Code node), and the joined
 * array then stays in its place: the item serialises exactly as if it had been joined here.
 */
export function verdict(parts: IssueParts): ValidationVerdict {
	let only: readonly ValidationIssue[] | undefined;
	let nonEmpty = 0;
	for (const list of parts) {
		if (list.length) {
			only = list;
			nonEmpty++;
		}
	}
	if (nonEmpty <= 1)
		return { valid: nonEmpty === 0, errors: only ? (only as ValidationIssue[]) : [] };
	const lists = parts.filter((list) => list.length);
	const joined = { valid: false } as ValidationVerdict;
	const settle = (errors: ValidationIssue[]) =>
		Object.defineProperty(joined, 'errors', {
			value: errors,
			writable: true,
			enumerable: true,
			configurable: true,
		});
	Object.defineProperty(joined, 'errors', {
		enumerable: true,
		configurable: true,
		get: () => {
			const errors = lists.flat();
			settle(errors);
			return errors;
		},
		set: settle,
	});
	return joined;
}
