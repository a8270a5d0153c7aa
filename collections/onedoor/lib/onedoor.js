/**
 * The worked examples of policy-rules §10 as request bodies, and polling of dossiers, for the
 * requests of this collection. Every run meets new people (random GB 11643 ID numbers), so the
 * collection can be run again against the same server.
 */
const SIYANG = '321323';
const DAY = 86400000;

/** Today's date in China (UTC+8), `daysAgo` days back: YYYY-MM-DD. */
function chinaDate(daysAgo) {
  return new Date(Date.now() + 8 * 3600000 - (daysAgo || 0) * DAY).toISOString().slice(0, 10);
}

/** The fiscal year of budgets: the calendar year in China. */
function fiscalYear() {
  return Number(chinaDate(0).slice(0, 4));
}

/** GB 11643 check character of the first 17 characters. */
function checkDigit(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return '10X98765432'[sum % 11];
}

/** Someone aged `ageYears` (a birthday 10–300 days ago), registered in `region`. */
function person(region, ageYears) {
  const today = chinaDate(0);
  const anchor = Date.UTC(Number(today.slice(0, 4)) - ageYears, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
  const birthDate = new Date(anchor - (10 + Math.floor(Math.random() * 290)) * DAY).toISOString().slice(0, 10);
  const first17 = region + birthDate.replace(/-/g, '') + String(1 + Math.floor(Math.random() * 998)).padStart(3, '0');
  return { idNumber: first17 + checkDigit(first17), birthDate };
}

function member(p, name, monthlyIncomeFen, extra) {
  return Object.assign(
    {
      idNumber: p.idNumber,
      birthDate: p.birthDate,
      name,
      relation: 'self',
      monthlyIncomeFen,
      disability: 'none',
      seriousIllness: false,
      laborCapacity: true,
      hasSupporter: true,
      schoolStage: null,
      boarding: false,
    },
    extra || {},
  );
}

const noAssets = { depositsFen: 0, vehicles: 0, extraHomes: 0 };
const consent = { economicCheck: true, dataSharing: true };

/**
 * Example 1: a migrant worker registered in Sichuan (Pixian, 510122) loses his room in a night
 * fire in `township`, where he applies. Income 4,500 yuan: small fast aid of 1 × the dibao
 * standard, 800 yuan, with no economic check.
 */
function nightFire(township) {
  const worker = person('510122', 35);
  return {
    applicant: { idNumber: worker.idNumber, name: '李强', phone: '13800000001' },
    household: { registeredJurisdiction: '510122100201', members: [member(worker, '李强', 450000)], assets: noAssets },
    incident: { jurisdiction: township, occurredOn: chinaDate(1), causes: ['fire'], urgent: true, description: 'a night fire destroyed his rented room' },
    consent,
  };
}

/**
 * Example 2, the Siyang chain: a child with leukaemia (residual cost 40,000 yuan), household
 * income 2,400 yuan for 3 people (edge), a sibling in senior secondary school, urgent.
 */
function siyangChain(township) {
  const mother = person(SIYANG, 38);
  const patient = person(SIYANG, 6);
  const sibling = person(SIYANG, 16);
  return {
    applicant: { idNumber: mother.idNumber, name: '王芳', phone: '13800000002' },
    household: {
      registeredJurisdiction: township + '201',
      members: [
        member(mother, '王芳', 240000),
        member(patient, '王小明', 0, { relation: 'child', seriousIllness: true, laborCapacity: false }),
        member(sibling, '王小红', 0, { relation: 'child', laborCapacity: false, schoolStage: 'senior' }),
      ],
      assets: noAssets,
    },
    incident: {
      jurisdiction: township,
      occurredOn: chinaDate(2),
      causes: ['illness'],
      urgent: true,
      description: 'leukaemia diagnosed; the family cannot pay the residual hospital cost',
      medical: { patientIdNumber: patient.idNumber, residualCostFen: 4000000 },
    },
    consent,
  };
}

/** A township code of Siyang county, at random (321323200–321323999). */
function randomTownship() {
  return SIYANG + String(200 + Math.floor(Math.random() * 800));
}

function idempotencyKey() {
  return 'bruno-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12);
}

function baseUrl(bru) {
  return String(bru.getEnvVar('baseUrl')).replace(/\/$/, '');
}

/** GET with the given bearer token: `{ status, data }`, whatever the status. */
async function get(bru, path, token) {
  const request = { method: 'GET', url: baseUrl(bru) + '/api/v1' + path, headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' } };
  try {
    const res = await bru.sendRequest(request);
    return { status: res.status, data: res.data };
  } catch (e) {
    const response = (e && e.response) || {};
    return { status: (e && e.status) || response.status || 0, data: response.data };
  }
}

/** A township of Siyang with no temporary-aid budget of this fiscal year yet. */
async function freshTownship(bru) {
  const token = bru.getEnvVar('financeToken');
  for (let attempt = 0; attempt < 50; attempt++) {
    const township = randomTownship();
    const res = await get(bru, '/budgets/' + encodeURIComponent('temporary-aid:' + fiscalYear() + ':' + township), token);
    if (res.status === 404) return township;
  }
  throw new Error('no township without a temporary-aid budget found in 50 tries');
}

const isFinal = (d) => d.status === 'settled' || d.status === 'refused' || d.status === 'withdrawn';

/**
 * Reads the dossier of `applicationId` every 250 ms until `done(dossier)` holds, at most `polls`
 * times (default 240: one minute); throws with the last dossier otherwise.
 */
async function waitForDossier(bru, applicationId, done, polls) {
  const token = bru.getEnvVar('caseworkerToken');
  let last;
  for (let i = 0; i < (polls || 240); i++) {
    last = await get(bru, '/applications/' + encodeURIComponent(applicationId), token);
    if (last.status === 200 && (done || isFinal)(last.data)) return last.data;
    await bru.sleep(250);
  }
  throw new Error('dossier ' + applicationId + ' did not reach the expected state: ' + JSON.stringify(last).slice(0, 500));
}

const departmentOf = (d, department) => (d.departments || []).find((x) => x.department === department);

module.exports = {
  SIYANG, chinaDate, fiscalYear, nightFire, siyangChain, randomTownship, freshTownship, idempotencyKey, waitForDossier, isFinal, departmentOf,
};
