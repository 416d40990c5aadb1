/** The trail baseline: management-event coverage of event selectors, and the selectors that restore it. */
import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import { planSelectors, recordsAllManagementEvents, type Selectors } from '../../../../shared/baseline/trail';

const all: EventSelector = { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] };
const managementAdvanced: AdvancedEventSelector = { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const writeOnlyAdvanced: AdvancedEventSelector = {
  Name: 'management writes',
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Management'] },
    { Field: 'readOnly', Equals: ['false'] },
  ],
};
const basic = (...selectors: EventSelector[]): Selectors => ({ basic: selectors, advanced: [] });
const advanced = (...selectors: AdvancedEventSelector[]): Selectors => ({ basic: [], advanced: selectors });

const NARROWED: ReadonlyArray<[string, EventSelector]> = [
  ['a write-only selector', { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
  ['a read-only selector', { ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }],
  ['a selector excluding management events', { ReadWriteType: 'All', IncludeManagementEvents: false }],
  ['a selector excluding a management event source', { ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }],
];

describe('recordsAllManagementEvents', () => {
  it('counts no selector at all as CloudTrail default, which records all management events', () => {
    // Prepare
    const selectors = basic();

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(true);
  });

  it('counts a basic selector recording all management events as covered', () => {
    // Prepare
    const selectors = basic(all);

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(true);
  });

  it('reads a basic selector without ReadWriteType and IncludeManagementEvents as their defaults (All, true)', () => {
    // Prepare
    const selectors = basic({ DataResources: [] });

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(true);
  });

  it.each(NARROWED)('counts %s as not covered', (_label, selector) => {
    // Prepare
    const selectors = basic(selector);

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(false);
  });

  it('counts a narrowed selector next to one recording all management events as covered', () => {
    // Prepare
    const selectors = basic({ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }, all);

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(true);
  });

  it('counts an advanced selector on eventCategory Management alone as covered', () => {
    // Prepare
    const selectors = advanced(managementAdvanced);

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(true);
  });

  it('counts an advanced management selector with an extra readOnly field as not covered', () => {
    // Prepare
    const selectors = advanced(writeOnlyAdvanced);

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(false);
  });

  it('counts advanced selectors on data events only as not covered', () => {
    // Prepare
    const selectors = advanced({ Name: 's3 data', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] });

    // Act
    const covered = recordsAllManagementEvents(selectors);

    // Assess
    expect(covered).toBe(false);
  });
});

describe('planSelectors', () => {
  it('plans nothing for the CloudTrail default (no selector)', () => {
    // Prepare
    const selectors = basic();

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan).toBeUndefined();
  });

  it('plans nothing for an advanced selector on management events alone', () => {
    // Prepare
    const selectors = advanced(managementAdvanced);

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan).toBeUndefined();
  });

  it.each(NARROWED)('appends one selector recording all management events after %s, kept unchanged', (_label, selector) => {
    // Prepare
    const selectors = basic(selector);

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan).toEqual({ basic: [selector, { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }], advanced: [] });
  });

  it('keeps the existing basic selectors in place, as the same objects, without changing the input', () => {
    // Prepare
    const writeOnly: EventSelector = { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::bucket/'] }] };
    const dataOnly: EventSelector = { ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] };
    const selectors = basic(writeOnly, dataOnly);

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect([plan?.basic[0], plan?.basic[1], plan?.basic.length, selectors.basic.length]).toEqual([writeOnly, dataOnly, 3, 2]);
    expect(plan?.basic[0]).toBe(writeOnly);
  });

  it('replaces narrowed advanced management selectors by the basic all-management selector, the shape every checker reads', () => {
    // Prepare
    const selectors = advanced(writeOnlyAdvanced);

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan).toEqual({ basic: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }], advanced: [] });
  });

  it('keeps advanced data selectors and replaces the narrowed management selector by one named as the console names it', () => {
    // Prepare
    const s3Data: AdvancedEventSelector = { Name: 'S3 writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] };
    const selectors = advanced(s3Data, writeOnlyAdvanced);

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan).toEqual({ basic: [], advanced: [s3Data, { Name: 'Management events selector', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
  });

  it('plans selectors that themselves record all management events', () => {
    // Prepare
    const selectors = basic({ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true });

    // Act
    const plan = planSelectors(selectors);

    // Assess
    expect(plan && recordsAllManagementEvents(plan)).toBe(true);
  });
});
