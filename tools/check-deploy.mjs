#!/usr/bin/env node
// `npm run check:deploy`: lints and validates the deployment files offline, and exits 1 on any problem.
//
//  - Dockerfile: dockerfile-utils' linter (every diagnostic is a failure), then OneDoor's rules:
//    pinned base images, a numeric non-root USER, a HEALTHCHECK on /health/live, exec-form
//    ENTRYPOINT, production dependencies only, and every COPY source present in the build context
//    (not left out by .dockerignore).
//  - docker-compose.yml: dclint (Compose Specification schema and best practices, .dclintrc), then
//    OneDoor's rules: the services from the one image, each with its SERVICE, a health check,
//    a read-only root file system and PostgreSQL and Kafka healthy before it starts, no published
//    port; the gateway likewise, started once the services are healthy and publishing its port; no
//    secret values in the file. `docker compose config` as well where the compose plugin is installed.
//  - Kubernetes: every kustomization (deploy/k8s/base and each overlay) rendered with
//    `kubectl kustomize` (without kubectl: the resource files of each kustomization as they are),
//    each object validated against the Kubernetes API schemas (kubernetes-models), then OneDoor's
//    rules: probes on /health/live and /health/ready, the restricted security context, resources,
//    graceful termination, and a Service, PodDisruptionBudget and HorizontalPodAutoscaler that
//    select each Deployment (each service's and the gateway's); NetworkPolicies covering the pods.
//  - Generated parts: the manifests `npm run deploy:generate` writes from SERVICES (each service's
//    deploy/k8s/base/<service>.yaml, the kustomization's resources, the gateway's service URLs,
//    docker-compose.yml's services) as the generator would write them now.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The one origin in front of the services: no database or broker of its own. */
const GATEWAY = 'gateway';
/**
 * The services: every services/<name> tagged type:service with a main.ts but the gateway (the
 * folders libs/contracts SERVICES names), so that a new service is checked without being listed here.
 */
const SERVICES = readdirSync(path.join(root, 'services')).filter((name) => {
  const project = path.join(root, 'services', name, 'project.json');
  if (name === GATEWAY || !existsSync(project) || !existsSync(path.join(root, 'services', name, 'src', 'main.ts'))) return false;
  return (JSON.parse(readFileSync(project, 'utf8')).tags ?? []).includes('type:service');
});
const problems = [];
const notes = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);
const rel = (p) => path.relative(root, p) || '.';

function has(command, args = ['--help']) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

/** .dockerignore patterns as [regex, negated] (Go filepath.Match plus `**`, as Docker reads them). */
function dockerignore(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = path.posix.normalize(line.replace(/^!/, '').replace(/^\/+/, ''));
      let re = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*' && pattern[i + 1] === '*') {
          re += '.*';
          i++;
          if (pattern[i + 1] === '/') i++, (re += '(?:/)?');
        } else if (c === '*') re += '[^/]*';
        else if (c === '?') re += '[^/]';
        else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return [new RegExp(`^${re}(?:/.*)?$`), negated];
    });
}

function ignored(rules, file) {
  let out = false;
  for (const [re, negated] of rules) if (re.test(file)) out = !negated;
  return out;
}

async function checkDockerfile(file) {
  const where = rel(file);
  const text = readFileSync(file, 'utf8');
  const { validate } = await import('dockerfile-utils');
  const lines = text.split('\n');
  for (const d of validate(text, {})) {
    problem(`${where}:${d.range.start.line + 1}`, `${d.message} (dockerfile-utils)`);
  }

  // Instructions with continuation lines joined.
  const instructions = [];
  for (let i = 0, start = 0, current = ''; i < lines.length; i++) {
    const line = lines[i];
    if (!current && (/^\s*#/.test(line) || !line.trim())) continue;
    if (!current) start = i + 1;
    if (/^\s*#/.test(line)) continue;
    current += `${line.replace(/\\\s*$/, '')} `;
    if (!/\\\s*$/.test(line)) {
      const [, keyword, rest] = current.trim().match(/^(\S+)\s*(.*)$/);
      instructions.push({ line: start, keyword: keyword.toUpperCase(), args: rest.trim() });
      current = '';
    }
  }
  const globalArgs = {};
  const stages = [];
  for (const ins of instructions) {
    if (ins.keyword === 'ARG' && stages.length === 0) {
      const [name, value] = ins.args.split('=');
      globalArgs[name] = value;
    } else if (ins.keyword === 'FROM') {
      const [, image, name] = ins.args.match(/^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i);
      stages.push({ name, image, from: ins, instructions: [] });
    } else if (stages.length) stages.at(-1).instructions.push(ins);
  }
  const stageNames = new Set(stages.map((s) => s.name).filter(Boolean));
  for (const s of stages) {
    const image = s.image.replace(/\$\{?(\w+)\}?/g, (_, name) => globalArgs[name] ?? '');
    if (stageNames.has(image) || image === 'scratch') continue;
    const tag = image.includes('@') ? 'digest' : image.split('/').at(-1).split(':')[1];
    if (!tag || tag === 'latest') problem(`${where}:${s.from.line}`, `FROM ${image}: pin the base image with a tag or digest`);
  }
  const final = stages.at(-1);
  const last = (kw) => final.instructions.filter((i) => i.keyword === kw).at(-1);
  const user = last('USER');
  if (!user) problem(where, 'the final stage sets no USER: the image would run as root');
  else if (!/^[1-9]\d*(:\d+)?$/.test(user.args)) {
    problem(`${where}:${user.line}`, `USER ${user.args}: a numeric non-root uid, so that Kubernetes can verify runAsNonRoot`);
  }
  const health = last('HEALTHCHECK');
  if (!health || !/healthcheck\.js|\/health\/live/.test(health.args)) problem(where, 'the final stage needs a HEALTHCHECK on /health/live');
  for (const kw of ['ENTRYPOINT', 'CMD']) {
    const ins = last(kw);
    if (ins && !ins.args.startsWith('[')) problem(`${where}:${ins.line}`, `${kw} in shell form: use the exec form so that node receives SIGTERM`);
  }
  if (!last('ENTRYPOINT') && !last('CMD')) problem(where, 'the final stage has no ENTRYPOINT or CMD');
  // The runtime's node_modules: from a stage that installs production dependencies only; nothing
  // that holds node_modules (a stage's workdir or node_modules itself) from a stage with dev ones.
  const byName = new Map(stages.map((s) => [s.name, s]));
  const npmInstalls = (s) => s.instructions.filter((i) => i.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(i.args));
  const workdir = (s) => s.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args ?? '/';
  let production = false;
  for (const ins of final.instructions.filter((i) => i.keyword === 'COPY' && /--from=/.test(i.args))) {
    const from = byName.get(ins.args.match(/--from=(\S+)/)[1]);
    if (!from) continue;
    const sources = ins.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
    const dev = npmInstalls(from).some((i) => !/--omit=dev/.test(i.args));
    if (npmInstalls(from).some((i) => /--omit=dev/.test(i.args))) production = true;
    for (const source of sources) {
      const abs = path.posix.resolve(workdir(from), source);
      if (dev && (abs === path.posix.resolve(workdir(from)) || abs === '/' || abs.includes('node_modules'))) {
        problem(`${where}:${ins.line}`, `COPY --from=${from.name} ${source}: brings development dependencies into the runtime`);
      }
    }
  }
  if (!production) problem(where, 'the final stage must take node_modules from an `npm ci --omit=dev` stage');
  // COPY/ADD sources from the build context: present, and not left out by .dockerignore.
  const context = path.dirname(file) === path.join(root, 'deploy', 'docker') ? root : path.dirname(file);
  const rules = dockerignore(path.join(context, '.dockerignore'));
  for (const s of stages) {
    for (const ins of s.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || /--from=/.test(ins.args)) continue;
      const parts = ins.args.split(/\s+/).filter((a) => !a.startsWith('--'));
      for (const source of parts.slice(0, -1)) {
        const normal = path.posix.normalize(source).replace(/\/$/, '');
        if (!existsSync(path.join(context, normal))) problem(`${where}:${ins.line}`, `${ins.keyword} ${source}: not in the build context`);
        else if (ignored(rules, normal)) problem(`${where}:${ins.line}`, `${ins.keyword} ${source}: left out of the build context by .dockerignore`);
      }
    }
  }
  for (const needed of ['.git', 'node_modules', '.env', 'dist', 'data']) {
    if (!ignored(rules, needed)) problem(path.join(rel(context), '.dockerignore'), `${needed} belongs out of the build context`);
  }
  return `${where}: ${instructions.length} instructions, ${stages.length} stages`;
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

function checkCompose(file) {
  const where = rel(file);
  const dclint = spawnSync(process.execPath, [path.join(root, 'node_modules', 'dclint', 'bin', 'dclint.cjs'), '--max-warnings', '0', '--color', 'false', '-c', path.join(root, '.dclintrc'), file], {
    cwd: root,
    encoding: 'utf8',
  });
  if (dclint.status !== 0) problem(where, `dclint:\n${(dclint.stdout + dclint.stderr).trim()}`);

  const compose = parseYaml(readFileSync(file, 'utf8'), { merge: true });
  const services = compose.services ?? {};
  for (const [name, s] of Object.entries(services)) {
    const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
    for (const d of deps) if (!services[d]) problem(where, `${name} depends on ${d}, which is not a service`);
    for (const [key, value] of Object.entries(s.environment ?? {})) {
      if (/SECRET|PASSWORD|_KEYS?$/.test(key) && value) problem(where, `${name}: ${key} has a value in the file; secrets go in .env (see .env.example)`);
    }
  }
  for (const name of SERVICES) {
    const s = services[name];
    if (!s) {
      problem(where, `no ${name} service`);
      continue;
    }
    if (s.environment?.SERVICE !== name) problem(where, `${name}: SERVICE must be ${name}`);
    if (!s.build && !s.image) problem(where, `${name}: neither build nor image`);
    if (!JSON.stringify(s.healthcheck?.test ?? '').includes('healthcheck.js')) problem(where, `${name}: no health check on /health/live`);
    if (s.read_only !== true) problem(where, `${name}: the root file system must be read-only`);
    if (!(s.tmpfs ?? []).includes('/tmp')) problem(where, `${name}: /tmp must be a tmpfs`);
    for (const infra of ['postgres', 'kafka']) {
      if (s.depends_on?.[infra]?.condition !== 'service_healthy') problem(where, `${name}: must wait for ${infra} to be healthy`);
    }
    if (!s.environment?.DATABASE_URL || !s.environment?.KAFKA_BROKERS) problem(where, `${name}: DATABASE_URL and KAFKA_BROKERS`);
    if (s.ports?.length) problem(where, `${name}: publishes a port; clients go through the ${GATEWAY}`);
  }
  const gateway = services[GATEWAY];
  if (!gateway) problem(where, `no ${GATEWAY} service`);
  else {
    if (gateway.environment?.SERVICE !== GATEWAY) problem(where, `${GATEWAY}: SERVICE must be ${GATEWAY}`);
    if (!JSON.stringify(gateway.healthcheck?.test ?? '').includes('healthcheck.js')) problem(where, `${GATEWAY}: no health check on /health/live`);
    if (gateway.read_only !== true) problem(where, `${GATEWAY}: the root file system must be read-only`);
    if (!(gateway.tmpfs ?? []).includes('/tmp')) problem(where, `${GATEWAY}: /tmp must be a tmpfs`);
    for (const name of SERVICES) {
      if (gateway.depends_on?.[name]?.condition !== 'service_healthy') problem(where, `${GATEWAY}: must wait for ${name} to be healthy`);
      const variable = `ONEDOOR_${name.toUpperCase().replace(/-/g, '_')}_URL`;
      if (!gateway.environment?.[variable]) problem(where, `${GATEWAY}: ${variable} must name the ${name} service`);
    }
    if (!gateway.ports?.length) problem(where, `${GATEWAY}: publishes no port`);
  }
  for (const infra of ['postgres', 'kafka']) if (!services[infra]?.healthcheck) problem(where, `${infra}: no health check`);
  if (has('docker', ['compose', 'version'])) {
    const config = spawnSync('docker', ['compose', '-f', file, 'config', '--quiet'], { cwd: root, encoding: 'utf8' });
    if (config.status !== 0) problem(where, `docker compose config:\n${config.stderr.trim()}`);
    else notes.push('docker compose config: valid');
  } else notes.push('docker compose: the compose plugin is not installed here; validated by dclint alone');
  return `${where}: ${Object.keys(services).length} services`;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes

const kubectl = has('kubectl', ['version', '--client']);

function kustomizations(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...kustomizations(p));
    else if (entry === 'kustomization.yaml') out.push(dir);
  }
  return out;
}

/** The objects a kustomization produces: kubectl's rendering, or its resource files as they are. */
function render(dir) {
  if (kubectl) {
    const yaml = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return parseAllDocuments(yaml).map((d) => d.toJS());
  }
  const k = parseYaml(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'));
  const objects = [];
  for (const r of k.resources ?? []) {
    const p = path.join(dir, r);
    if (statSync(p).isDirectory()) objects.push(...render(p));
    else objects.push(...parseAllDocuments(readFileSync(p, 'utf8')).map((d) => d.toJS()));
  }
  return objects.filter(Boolean);
}

async function model(apiVersion, kind) {
  const group = apiVersion.includes('/') ? apiVersion : `v1`;
  try {
    return (await import(`kubernetes-models/${group}/${kind}`))[kind];
  } catch {
    return undefined;
  }
}

const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

function checkDeployment(where, d, objects) {
  const name = d.metadata.name;
  const pod = d.spec.template;
  const spec = pod.spec;
  const labels = pod.metadata?.labels;
  const at = `${where} Deployment/${name}`;
  if (!matches(d.spec.selector?.matchLabels, labels)) problem(at, 'the selector does not match the pod labels');
  const psc = spec.securityContext ?? {};
  if (psc.runAsNonRoot !== true) problem(at, 'securityContext.runAsNonRoot must be true');
  if (!(psc.runAsUser > 0)) problem(at, 'securityContext.runAsUser must be a non-root uid');
  if (psc.seccompProfile?.type !== 'RuntimeDefault') problem(at, 'seccompProfile RuntimeDefault');
  if (spec.automountServiceAccountToken !== false) problem(at, 'automountServiceAccountToken must be false');
  const grace = spec.terminationGracePeriodSeconds ?? 30;
  for (const c of spec.containers) {
    const cat = `${at} container ${c.name}`;
    const csc = c.securityContext ?? {};
    if (csc.readOnlyRootFilesystem !== true) problem(cat, 'readOnlyRootFilesystem must be true');
    if (csc.allowPrivilegeEscalation !== false) problem(cat, 'allowPrivilegeEscalation must be false');
    if (!(csc.capabilities?.drop ?? []).includes('ALL')) problem(cat, 'capabilities must drop ALL');
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) problem(cat, 'cpu and memory requests and a memory limit');
    const probe = (p, path) => p?.httpGet?.path === path && (p.httpGet.port === 'http' || p.httpGet.port === 3000);
    if (!probe(c.livenessProbe, '/health/live')) problem(cat, 'livenessProbe must GET /health/live');
    if (!probe(c.readinessProbe, '/health/ready')) problem(cat, 'readinessProbe must GET /health/ready');
    if (c.startupProbe && !probe(c.startupProbe, '/health/live')) problem(cat, 'startupProbe must GET /health/live');
    const sleep = Number(c.lifecycle?.preStop?.exec?.command?.at(-1) ?? c.lifecycle?.preStop?.sleep?.seconds);
    if (!(sleep > 0)) problem(cat, 'a preStop pause, so that endpoints drop the pod before SIGTERM');
    else if (!(grace >= sleep + 20)) problem(cat, `terminationGracePeriodSeconds ${grace} leaves under 20 s to drain after the ${sleep} s preStop pause`);
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
    if (![...SERVICES, GATEWAY].includes(env.SERVICE?.value)) problem(cat, `SERVICE must name one of ${[...SERVICES, GATEWAY].join(', ')}`);
    for (const e of c.env ?? []) {
      if (/SECRET|PASSWORD|_KEYS?$|DATABASE_URL/.test(e.name) && e.value !== undefined) problem(cat, `${e.name} has a value: take it from a Secret`);
    }
    for (const ref of c.envFrom ?? []) {
      const cm = ref.configMapRef?.name;
      if (cm && !ref.configMapRef.optional && !objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name === cm)) problem(cat, `ConfigMap ${cm} is not part of the kustomization`);
    }
    const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === '/tmp');
    if (!tmp || !(spec.volumes ?? []).some((v) => v.name === tmp.name && v.emptyDir)) problem(cat, '/tmp must be an emptyDir (the only writable path)');
  }
  const selecting = (kind) => objects.filter((o) => o.kind === kind && o.metadata.namespace === d.metadata.namespace);
  if (!selecting('Service').some((s) => s.spec.selector && matches(s.spec.selector, labels))) problem(at, 'no Service selects its pods');
  if (!selecting('PodDisruptionBudget').some((p) => matches(p.spec.selector?.matchLabels, labels))) problem(at, 'no PodDisruptionBudget');
  const hpa = selecting('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name);
  if (!hpa) problem(at, 'no HorizontalPodAutoscaler');
  else if (hpa.spec.minReplicas < 2) problem(at, 'HorizontalPodAutoscaler minReplicas under 2: a PodDisruptionBudget of 1 would block node drains');
  const policies = selecting('NetworkPolicy').filter((p) => matches(p.spec.podSelector?.matchLabels, labels));
  for (const type of ['Ingress', 'Egress']) if (!policies.some((p) => p.spec.policyTypes?.includes(type))) problem(at, `no NetworkPolicy restricts its ${type.toLowerCase()}`);
}

async function checkKustomization(dir) {
  const where = rel(dir);
  let objects;
  try {
    objects = render(dir);
  } catch (e) {
    problem(where, `kustomize: ${(e.stderr || e.message).toString().trim()}`);
    return `${where}: not rendered`;
  }
  for (const o of objects) {
    const id = `${where} ${o.kind}/${o.metadata?.name}`;
    const Model = await model(o.apiVersion ?? '', o.kind ?? '');
    if (!Model) {
      problem(id, `${o.apiVersion} ${o.kind} is not a Kubernetes API kind`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (e) {
      problem(id, e.message.replace(/\s+/g, ' ').trim());
    }
  }
  for (const p of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    for (const rule of [...(p.spec.ingress ?? []).flatMap((r) => r.from ?? []), ...(p.spec.egress ?? []).flatMap((r) => r.to ?? [])]) {
      for (const cidr of [rule.ipBlock?.cidr, ...(rule.ipBlock?.except ?? [])].filter((c) => c !== undefined)) {
        const [ip, bits, extra] = String(cidr).split('/');
        const max = isIP(ip) === 4 ? 32 : isIP(ip) === 6 ? 128 : -1;
        if (max < 0 || extra !== undefined || !/^\d+$/.test(bits ?? '') || Number(bits) > max) problem(`${where} NetworkPolicy/${p.metadata.name}`, `${cidr} is not a CIDR`);
      }
    }
  }
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  for (const d of deployments) checkDeployment(where, d, objects);
  for (const name of [...SERVICES, GATEWAY]) if (!deployments.some((d) => d.metadata.name === name)) problem(where, `no Deployment ${name}`);
  return `${where}: ${objects.length} objects${kubectl ? '' : ' (resource files; kubectl not installed, patches not applied)'}`;
}

// ---------------------------------------------------------------------------------------------
// Generated parts

function checkGenerated() {
  const generator = spawnSync(process.execPath, ['-r', path.join(root, 'tools', 'register.js'), path.join(root, 'tools', 'generate-deploy.ts'), '--check'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (generator.status !== 0) {
    const files = (generator.stderr ?? '').split('\n').filter((l) => l.includes(': differs from'));
    if (files.length) problem('deploy', `deployment manifests are out of date: run npm run deploy:generate\n${files.map((f) => `    ${f}`).join('\n')}`);
    else problem('tools/generate-deploy.ts', `the generator failed:\n${(generator.stdout + generator.stderr).trim()}`);
  }
  return 'generated manifests: as npm run deploy:generate writes them';
}

// ---------------------------------------------------------------------------------------------

const started = Date.now();
const summary = [];
summary.push(checkGenerated());
summary.push(await checkDockerfile(path.join(root, 'Dockerfile')));
summary.push(checkCompose(path.join(root, 'docker-compose.yml')));
for (const dir of kustomizations(path.join(root, 'deploy', 'k8s'))) summary.push(await checkKustomization(dir));

for (const line of summary) console.log(`checked ${line}`);
for (const line of notes) console.log(`note: ${line}`);
if (problems.length) {
  for (const p of problems) console.error(`✖ ${p}`);
  console.error(`check:deploy: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check:deploy: no problems (${((Date.now() - started) / 1000).toFixed(1)} s)`);
