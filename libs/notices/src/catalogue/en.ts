/**
 * English messages (ICU MessageFormat), by message id. The `reason.*`, `phrase.*` and `problem.*`
 * messages are the very templates whose text the deciders and services record and answer in
 * English: a recorded text is recognised by them (recorded-text.ts), so they must reproduce it
 * character for character. Where two templates could match one text, the earlier one wins.
 */
export const EN = {
  // ---- reasons: intake's routing (policy-rules §3) ----
  'reason.routing.temporaryAidNoUrgentCause': 'temporary aid: no fire, accident, disaster or sudden (urgent) illness',
  'reason.routing.temporaryAidAlreadyReceived':
    'temporary aid: already received in {year} for {causes}; the same person receives it once per cause per calendar year unless the county grants an exception',
  'reason.routing.temporaryAidUrgentCause': 'temporary aid: urgent cause {causes}',
  'reason.routing.emergencyAidOnly': 'emergency aid only: the economic check was not authorised, so small fast aid (小额快救), which needs none',
  'reason.routing.countyException': 'county exception: aid again in {year} for {causes}',
  'reason.routing.notForCauses': 'not for {causes}: already received in {year}',
  'reason.routing.medicalAidNoIllness': 'medical aid: no illness or medical costs stated',
  'reason.routing.medicalAidNeedsCheck': 'medical aid: needs the household economic check, which was not authorised',
  'reason.routing.medicalAidTier': "medical aid: only for tekun, dibao, edge or rigid-expenditure households; this household's tier is {tier}",
  'reason.routing.medicalAidIllness': 'medical aid: illness in {household}',
  'reason.routing.educationAidNeedsCheck': 'education aid: needs the household economic check, which was not authorised',
  'reason.routing.educationAidSchooling': 'education aid: schooling is a cause of the application',
  'reason.routing.educationAidNoStudent': 'education aid: no member in school and schooling is not a cause',
  'reason.routing.educationAidTier': "education aid: students are aided in tekun, dibao or edge households; this household's tier is {tier}",
  'reason.routing.educationAidStudent': 'education aid: member {personRef} in {stage} school in {household}',
  'reason.application.noDepartment': 'no department can help with this application',
  'reason.application.appeal': 'you may apply for administrative reconsideration within {days} days, by {appealBy}',
  // ---- reasons: household assessment (§2) ----
  'reason.tier.tekun':
    'tekun: member {personRef} has no labour capacity ({incapacity}), own income {income} yuan below the standard {standard} yuan and no supporter able to support',
  'reason.tier.notTekun': 'not tekun: no member combines no labour capacity, own income below the standard {standard} yuan and no supporter able to support',
  'reason.tier.dibao': 'dibao: per-capita income {perCapita} yuan below the standard {standard} yuan, assets within the limit',
  'reason.tier.notDibaoAssets': 'not dibao: per-capita income {perCapita} yuan is below the standard {standard} yuan, but assets exceed the limit: {over}',
  'reason.tier.notDibaoIncome': 'not dibao: per-capita income {perCapita} yuan is not below the standard {standard} yuan',
  'reason.tier.edge': 'edge: per-capita income {perCapita} yuan below {factor} × standard = {line} yuan',
  'reason.tier.coveredAlone': 'member {personRef} covered alone as dibao (单人保): {why}, own income {income} yuan below the standard {standard} yuan',
  'reason.tier.notEdge': 'not edge: per-capita income {perCapita} yuan is not below {factor} × standard = {line} yuan',
  'reason.tier.rigid':
    "rigid expenditure: per-capita income {perCapita} yuan below last year's per-capita disposable income {disposable} yuan, and medical and education spending {spending} yuan a year above {share} % of household income {yearly} yuan a year = {limit} yuan",
  'reason.tier.notRigidSpending':
    'not rigid expenditure: medical and education spending {spending} yuan a year is not above {share} % of household income {yearly} yuan a year = {limit} yuan',
  'reason.tier.notRigidIncome': "not rigid expenditure: per-capita income {perCapita} yuan is not below last year's per-capita disposable income {disposable} yuan",
  'reason.tier.notAssessed': 'household not assessed: the economic check was not authorised, so only emergency aid without an economic check is possible',
  // ---- reasons: temporary aid (§4) ----
  'reason.temporaryAid.smallFastUnchecked':
    'emergency (causes: {causes}) without an authorised economic check: small fast aid (小额快救), which needs none, paid within 3 days',
  'reason.temporaryAid.ordinary': 'not an emergency (causes: {causes}): ordinary temporary aid, decided by an officer',
  'reason.temporaryAid.smallFastNoTier': 'confirmed emergency (causes: {causes}) and no assistance tier: small fast aid (小额快救), no economic check, paid within 3 days',
  'reason.temporaryAid.advance':
    'confirmed emergency (causes: {causes}) in a {tier} household: advance aid (先行救助) approved at once by the township from its reserve fund',
  'reason.temporaryAid.cap': '{track}: at most {multiple} × dibao standard {standard} fen = {cap} fen',
  'reason.temporaryAid.exceptionUsed': 'temporary aid for cause "{cause}" was already granted in {year}, but the county granted exception {exceptionId}: {reason}',
  'reason.temporaryAid.oncePerCause':
    'temporary aid for cause "{cause}" was already granted to this person in {year} ({cases}); the same cause is aided once per calendar year unless the county grants an exception',
  // ---- reasons: medical aid (§5) ----
  'reason.medicalAid.noTier': 'the household has no assistance tier: medical aid covers tekun, dibao, edge and rigid-expenditure households',
  'reason.medicalAid.noResidualCost': 'no in-policy residual medical cost was stated in the application',
  'reason.medicalAid.formula': '{tier} household: max(0, residual {residual} − deductible {deductible}) × {ratio} % = {amount} fen',
  'reason.medicalAid.annualCap': 'annual cap {cap} fen per person, {granted} fen already granted this calendar year: {left} fen left',
  'reason.medicalAid.amount': 'medical aid: {amount} fen',
  'reason.medicalAid.belowDeductible': 'nothing to pay: the residual cost {residual} fen does not exceed the deductible {deductible} fen',
  'reason.medicalAid.belowOneFen': 'nothing to pay: {ratio} % of {above} fen is less than one fen',
  'reason.medicalAid.capUsedUp': 'nothing to pay: the annual cap of {cap} fen for this person is used up',
  // ---- reasons: education aid (§6) ----
  'reason.educationAid.tier': "education aid is for tekun, dibao and edge households; this household's tier is {tier}",
  'reason.educationAid.oncePerYear':
    'student {personRef} already received education aid for school year {schoolYear} (case {caseId}, grant {grantId}): once per student per school year',
  'reason.educationAid.noAmount': 'no education-aid amount is set for {basis}',
  'reason.educationAid.grant': 'student {personRef}, school year {schoolYear}: {basis}',

  // ---- phrases: parts of reasons, recognised inside them ----
  'phrase.aged': 'aged {age} (under {limit})',
  'phrase.disability': 'disability grade {grade}',
  'phrase.deposits': 'deposits {deposits} yuan above {members} × {limit} yuan = {total} yuan',
  'phrase.vehicles': '{count, plural, one {# vehicle} other {# vehicles}} (at most {max})',
  'phrase.extraHomes': '{count, plural, one {# extra home} other {# extra homes}} (at most {max})',
  'phrase.caseGrant': 'case {caseId}, grant {grantId}',
  'phrase.educationAmountBoarding':
    '{stage}, {mode, select, boarding {boarding} other {day pupil}}, {tier, select, tekun {tekun} dibao {dibao} edge {edge} rigid {rigid} other {none}} household: {amount} fen a school year',
  'phrase.educationAmount': '{stage}, {tier, select, tekun {tekun} dibao {dibao} edge {edge} rigid {rigid} other {none}} household: {amount} fen a school year',

  // ---- problem details: titles ----
  'problem.title.invalid': 'Invalid request',
  'problem.title.notFound': 'Not found',
  'problem.title.forbidden': 'Forbidden',
  'problem.title.unauthorized': 'Unauthorized',
  'problem.title.conflict': 'Conflict',
  'problem.title.ruleViolated': 'Business rule violated',
  'problem.title.unprocessable': 'Unprocessable request',
  'problem.title.unsupportedMediaType': 'Unsupported media type',
  'problem.title.payloadTooLarge': 'Payload too large',
  'problem.title.tooManyRequests': 'Too many requests',
  'problem.title.serviceUnavailable': 'Service unavailable',
  'problem.title.internal': 'Internal error',
  // ---- problem details: details ----
  'problem.detail.applicationNotFound': 'application {id} not found',
  'problem.detail.applicationNotYet': 'application {id} did not exist at {at}',
  'problem.detail.caseNotFound': 'case {id} not found',
  'problem.detail.budgetNotFound': 'budget {id} not found',
  'problem.detail.budgetNotYet': 'budget {id} did not exist at {at}',
  'problem.detail.subjectNotFound': 'data subject {id} not found',
  'problem.detail.roles': 'requires one of the roles: {roles}',
  'problem.detail.outsideWindow': 'jurisdiction {jurisdiction} is outside yours ({own}): submit at a window of {window}',
  'problem.detail.outsideJurisdiction': 'jurisdiction {jurisdiction} is outside your jurisdiction',
  'problem.detail.invalidFields': '{count} field(s) are invalid',
  'problem.detail.invalidQuery': '{count} query parameter(s) are invalid',
  'problem.detail.unsupportedQuery': 'unsupported query parameter(s): {names}',
  'problem.detail.notUtf8': 'the JSON body is not valid UTF-8',
  'problem.detail.duplicateKey': 'the JSON body gives a key twice: {key}',
  'problem.detail.tooDeep': 'the JSON body is nested deeper than {max} levels',
  'problem.detail.bodyNotObject': 'the body must be a JSON object',
  'problem.detail.notObject': '{name} must be a JSON object',
  'problem.detail.malformedJson': 'malformed JSON body: {message}',
  'problem.detail.aborted': 'the request body was aborted',
  'problem.detail.sizeMismatch': 'the request body does not match its Content-Length',
  'problem.detail.mediaType': 'request bodies must be application/json, not {type}',
  'problem.detail.charset': 'request bodies must be UTF-8, not {charset}',
  'problem.detail.idempotencyKey': 'Idempotency-Key must be 1–200 visible ASCII characters',
  'problem.detail.idempotencyReused': 'this Idempotency-Key was already used with a different request body',
  'problem.detail.asOf': 'asOf must be an ISO 8601 date-time',
  'problem.detail.unavailable': 'the database or the message broker is unavailable; retry later',
  'problem.detail.issuerUnavailable': 'the token issuer cannot be reached to verify the token; retry later',
  'problem.detail.internal': 'internal error (correlation id {correlationId})',
  'problem.detail.officersOnly': 'only {department} officers act on {department} cases',
  'problem.detail.officersDecide': 'only {department} officers decide {department} cases',
  'problem.detail.graphqlUnavailable': 'service unavailable; retry later',
  'problem.detail.graphqlInternal': 'internal error',

  // ---- written notices ----
  'notice.acceptance.title': 'Notice of acceptance and transfer',
  'notice.acceptance.body':
    'Your application {applicationId} has been accepted and transferred to {count, plural, one {# department} other {# departments}}: {departments}. The transfer is due by {dueBy}.',
  'notice.acceptance.notRouted': 'Not transferred to {department}: {reasons}',
  'notice.grant.title': 'Decision to grant assistance',
  'notice.grant.body': '{department} grants {amount}{programme, select, none {} other { under programme {programme}}}, decided on {decidedOn}.',
  'notice.refusal.title': 'Decision not to grant assistance',
  'notice.refusal.body': '{department} decided on {decidedOn} not to grant assistance.',
  'notice.applicationRefusal.body': 'No department can help with application {applicationId}; it was refused on {decidedOn}.',
  'notice.appeal':
    'If you disagree with this decision, you may apply for administrative reconsideration by {appealBy} (within 60 days of receiving it), or bring an administrative lawsuit before a people’s court.',
  'notice.rules': 'Rules applied: {ruleIds}',
  'notice.amount': '{amount} yuan',
} as const;

export type MessageId = keyof typeof EN;
