/** zod schemas of the three EventBridge event families, loose enough for every real-world shape (see ../shared/aws-events). */
import { z } from 'zod';

const Json = z.record(z.string(), z.unknown());
/** A 12-digit account id and a region name: they reach subjects and decide where to act, so nothing else passes. */
const AccountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit account id');
const Region = z.string().regex(/^[a-z]{2}(-[a-z0-9]+)+-\d{1,2}$/, 'must be an AWS region name');

/** The EventBridge envelope every event carries. */
export const EnvelopeSchema = z.looseObject({
  version: z.string().optional(),
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  account: AccountId,
  time: z.string().optional(),
  region: Region,
  resources: z.array(z.unknown()).optional(),
  detail: Json,
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** `userIdentity` of a CloudTrail record; its fields vary by identity type (IAMUser, AssumedRole, Root...). */
export const UserIdentitySchema = z.looseObject({
  type: z.string().optional(),
  principalId: z.string().optional(),
  arn: z.string().optional(),
  accountId: z.string().optional(),
  userName: z.string().optional(),
  invokedBy: z.string().optional(),
  sessionContext: z
    .looseObject({
      sessionIssuer: z.looseObject({ type: z.string().optional(), userName: z.string().optional(), arn: z.string().optional() }).optional(),
    })
    .optional(),
});
export type UserIdentity = z.infer<typeof UserIdentitySchema>;

/** The CloudTrail record EventBridge puts in `detail` for `AWS API Call via CloudTrail`. */
export const CloudTrailDetailSchema = z.looseObject({
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  awsRegion: Region,
  eventTime: z.string().optional(),
  eventID: z.string().optional(),
  userIdentity: UserIdentitySchema.optional(),
  sourceIPAddress: z.string().optional(),
  userAgent: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  requestParameters: Json.nullable().optional(),
  responseElements: Json.nullable().optional(),
  recipientAccountId: AccountId.optional(),
});
export type CloudTrailDetail = z.infer<typeof CloudTrailDetailSchema>;

/** A GuardDuty finding (camelCase, as EventBridge delivers it). */
export const GuardDutyDetailSchema = z.looseObject({
  accountId: AccountId,
  region: Region,
  id: z.string().min(1),
  type: z.string().min(1),
  severity: z.number().optional(),
  title: z.string().optional(),
  resource: z.looseObject({ resourceType: z.string().optional() }),
  service: z.looseObject({
    additionalInfo: Json.optional(),
    action: Json.optional(),
    count: z.number().optional(),
  }),
  updatedAt: z.string().optional(),
});
export type GuardDutyDetail = z.infer<typeof GuardDutyDetailSchema>;

/** AWS Config `Config Rules Compliance Change` detail. `oldEvaluationResult` is absent on a first evaluation. */
export const ConfigComplianceDetailSchema = z.looseObject({
  awsAccountId: AccountId,
  awsRegion: Region,
  configRuleName: z.string().min(1),
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  newEvaluationResult: z.looseObject({
    complianceType: z.string().min(1),
    annotation: z.string().nullable().optional(),
  }),
  oldEvaluationResult: z.looseObject({ complianceType: z.string().optional() }).optional(),
});
export type ConfigComplianceDetail = z.infer<typeof ConfigComplianceDetailSchema>;
