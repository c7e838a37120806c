// Passenger pages (demo profile): apply, face check, result, the certificate's QR code, history,
// finding a certificate again. Plain JavaScript against the REST API (/api/v1, see API.md).
//
// What is kept where (R12): a guest's applicant token and QR view session live in sessionStorage,
// so closing the page means a face check again; a registered passenger's access token and view
// session live in localStorage until logout (or the app's storage is cleared).

const API = '/api/v1';
const $ = (id) => document.getElementById(id);

const TEXT = {
  zh: {
    appTitle: '电子临时乘车身份证明', heroTitle: '忘带身份证？',
    heroText: '在线申请电子临时乘车身份证明，审核通过后 24 小时内可用于购票、进出站和乘车核验。',
    apply: '申请临时身份证明', applySub: '身份信息 · 定位 · 人脸核验', myCertificate: '查看我的证明', myCertificateSub: '关闭页面后需本人核验',
    history: '申请记录', historySub: '近一个月的申请', login: '登录 12306 账号', loginSub: '登录后自动填写身份信息', logout: '退出登录',
    demoTitle: '演示环境', demoText: '人脸核验和人口信息库为模拟服务。演示数据：张三 11010519491231002X；注册用户 lisi / lisi-demo-password。',
    loginTitle: '登录', username: '用户名', password: '密码', loginButton: '登录',
    identity: '身份信息', name: '姓名', idType: '证件类型', idNumber: '证件号码',
    RESIDENT_ID_CARD: '中国居民身份证', HK_MACAO_PASS: '港澳居民来往内地通行证', TAIWAN_PASS: '台湾居民来往大陆通行证', PASSPORT: '护照',
    location: '所在位置', locating: '正在定位…', relocate: '重新定位', demoLocation: '演示：模拟位置', deviceLocation: '使用设备定位',
    beijing: '北京市', shanghai: '上海市', guangzhou: '广州市', tokyo: '东京（服务区外）',
    located: (m) => `已定位${m ? `（精度约 ${m} 米）` : ''}`, demoLocated: (c) => `已定位：${c}（模拟）`,
    locationDenied: '未获得定位授权，请在设置中允许定位后点击“重新定位”', locationFailed: '定位失败，请点击“重新定位”',
    consents: '授权与同意',
    consentIdentity: '同意收集和使用我的姓名、证件号码，用于向公安机关核验身份并签发证明。',
    consentBiometric: '同意进行人脸识别（实人核验），人脸信息仅用于确认是本人操作。',
    consentLocation: '同意获取我的位置，用于确定所在城市是否可以办理。',
    noticeTitle: '《个人信息处理告知书》',
    noticeText: '个人信息加密存储，仅用于办理和核验电子临时乘车身份证明，办结一个月后删除。检查点只能看到脱敏后的姓名和证件号码。您可随时撤回同意，但将无法在线办理。',
    submit: '立即申请', applicant: '申请人', city: '城市', quota: '本月已用次数',
    faceTitle: '人脸核验', faceTitleReverify: '重新核验本人', faceTitleLookup: '核验本人后查看证明',
    faceHint: '请将面部置于框内，保持光线充足，按提示完成眨眼、张嘴动作。',
    demoFace: '演示：模拟人脸核验结果', facePass: '本人，通过', faceFail: '未通过', faceSpoof: '照片/面具攻击', faceBorderline: '比对存疑（人工审核）',
    checking: '正在核验，请稍候…', submitting: '正在提交…', loading: '加载中…',
    issuedTitle: '审核通过', issuedText: '电子临时乘车身份证明已签发，24 小时内有效。',
    reviewTitle: '人工审核中', reviewText: '您的申请需要人工审核，请保持页面打开，审核完成后自动显示结果。',
    processingTitle: '正在审核', processingText: '正在核验身份信息，请稍候…',
    failedTitle: '未能办理', retryTitle: '人脸核验未通过', retryText: (n) => `还可再尝试 ${n} 次。`,
    showCertificate: '查看证明二维码', retryFace: '重新进行人脸核验', home: '返回首页',
    guidanceTitle: '请前往车站公安制证窗口', guidanceText: '持本人有效信息到车站公安制证窗口办理纸质临时乘车身份证明，窗口一般设在车站进站口或售票厅附近。',
    certificateTitle: '电子临时乘车身份证明', certificateSub: '仅限本人乘车使用', active: '有效', validUntil: '有效期至', viewLeft: '人脸核验有效',
    refreshIn: (s) => `二维码 ${s} 秒后自动更新`, refresh: '刷新', reverify: '重新核验',
    reverifyPrompt: '为避免他人冒用，已展示 30 分钟，请重新进行人脸核验', closeCertificate: '退出查看',
    checks: '核验记录', checkAccepted: '通过', checkRejected: '未通过', impossibleTravel: '系统发现异常使用：短时间内在相距很远的车站被核验',
    ENTRY_GATE: '进站闸机', EXIT_GATE: '出站闸机', TICKET_WINDOW: '售票窗口', REAL_NAME_CHECK: '实名制核验', ON_TRAIN: '列车查验',
    historyEmpty: '近一个月没有申请记录', viewThis: '查看证明',
    AWAITING_LIVENESS: '待人脸核验', UNDER_REVIEW: '审核中', ISSUED: '已签发', REJECTED: '未受理', FAILED: '未通过', ABANDONED: '已取消',
    lookupTitle: '查看已申请的证明', lookupHint: '为保护您的信息，请输入本人身份信息并完成人脸核验。', next: '下一步：人脸核验',
    notFound: '未找到您的有效证明，或人脸核验未通过。', faceNotPassed: '人脸核验未通过，请重试。',
    retryAfter: (s) => `（请 ${s} 秒后再试）`, networkError: '网络连接异常，请检查网络后重试',
    hello: (n) => `您好，${n}`, fillIdentity: '请填写姓名和证件号码', fillConsents: '请阅读并勾选全部授权事项',
  },
  en: {
    appTitle: 'Temporary travel ID', heroTitle: 'Forgot your ID card?',
    heroText: 'Apply online for an electronic temporary travel identity certificate. Once approved it works for 24 hours for tickets, gates and checks on the train.',
    apply: 'Apply for a certificate', applySub: 'Identity · location · face check', myCertificate: 'My certificate', myCertificateSub: 'Face check after closing the page',
    history: 'My applications', historySub: 'The past month', login: 'Log in with 12306', loginSub: 'Your identity is filled in for you', logout: 'Log out',
    demoTitle: 'Demo', demoText: 'Face check and population registry are simulated. Demo data: 张三 11010519491231002X; registered user lisi / lisi-demo-password.',
    loginTitle: 'Log in', username: 'Username', password: 'Password', loginButton: 'Log in',
    identity: 'Identity', name: 'Name', idType: 'Document type', idNumber: 'ID number',
    RESIDENT_ID_CARD: 'Resident ID card (PRC)', HK_MACAO_PASS: 'Hong Kong/Macao travel permit', TAIWAN_PASS: 'Taiwan travel permit', PASSPORT: 'Passport',
    location: 'Location', locating: 'Locating…', relocate: '重新定位 Locate again', demoLocation: 'Demo: simulated location', deviceLocation: "Use the device's location",
    beijing: 'Beijing', shanghai: 'Shanghai', guangzhou: 'Guangzhou', tokyo: 'Tokyo (outside the service area)',
    located: (m) => `Located${m ? ` (about ${m} m)` : ''}`, demoLocated: (c) => `Located: ${c} (simulated)`,
    locationDenied: 'Location access was not allowed: allow it in the settings, then tap "Locate again"', locationFailed: 'Location failed: tap "Locate again"',
    consents: 'Consent',
    consentIdentity: 'I agree that my name and ID number are used to verify my identity with the police and to issue the certificate.',
    consentBiometric: 'I agree to a face check (liveness); the face data only confirms that it is me.',
    consentLocation: 'I agree that my location is used to find out whether my city is served.',
    noticeTitle: 'Privacy notice',
    noticeText: 'Personal data is stored encrypted, used only for this certificate and its checks, and deleted one month after the case ends. Checkpoints see only your masked name and ID number. You may withdraw consent at any time, but then cannot apply online.',
    submit: '立即申请 Apply now', applicant: 'Applicant', city: 'City', quota: 'Used this month',
    faceTitle: 'Face check', faceTitleReverify: 'Confirm it is you', faceTitleLookup: 'Confirm it is you to see the certificate',
    faceHint: 'Keep your face inside the circle in good light, then blink and open your mouth when asked.',
    demoFace: 'Demo: simulated face check result', facePass: 'It is me: pass', faceFail: 'Fail', faceSpoof: 'Photo/mask attack', faceBorderline: 'Doubtful match (manual review)',
    checking: 'Checking, please wait…', submitting: 'Submitting…', loading: 'Loading…',
    issuedTitle: 'Approved', issuedText: 'Your electronic temporary travel identity certificate is issued and valid for 24 hours.',
    reviewTitle: 'Manual review', reviewText: 'Your application needs a manual review. Keep this page open: the result appears here.',
    processingTitle: 'Checking', processingText: 'Verifying your identity…',
    failedTitle: 'No certificate', retryTitle: 'Face check did not pass', retryText: (n) => `${n} more attempt(s) left.`,
    showCertificate: 'Show the QR code', retryFace: 'Try the face check again', home: 'Home',
    guidanceTitle: 'Go to the station police ID window', guidanceText: 'The railway police ID window at the station issues a paper certificate; it is usually near the entrance or the ticket hall.',
    certificateTitle: 'Temporary travel ID', certificateSub: 'For the holder only', active: 'Valid', validUntil: 'Valid until', viewLeft: 'Face check valid for',
    refreshIn: (s) => `New QR code in ${s} s`, refresh: '刷新 Refresh', reverify: 'Verify again',
    reverifyPrompt: 'Shown for 30 minutes: verify your face again so that nobody else can use it', closeCertificate: 'Stop showing',
    checks: 'Checks', checkAccepted: 'accepted', checkRejected: 'refused', impossibleTravel: 'Unusual use: checked at stations too far apart in too short a time',
    ENTRY_GATE: 'Entry gate', EXIT_GATE: 'Exit gate', TICKET_WINDOW: 'Ticket window', REAL_NAME_CHECK: 'Real-name check', ON_TRAIN: 'On the train',
    historyEmpty: 'No applications in the past month', viewThis: 'Show certificate',
    AWAITING_LIVENESS: 'Face check due', UNDER_REVIEW: 'In review', ISSUED: 'Issued', REJECTED: 'Refused', FAILED: 'Failed', ABANDONED: 'Cancelled',
    lookupTitle: 'Find my certificate', lookupHint: 'To protect your data, enter your own identity and pass a face check.', next: 'Next: face check',
    notFound: 'No valid certificate found, or the face check did not pass.', faceNotPassed: 'The face check did not pass; try again.',
    retryAfter: (s) => ` (try again in ${s} s)`, networkError: 'No connection: check the network and try again',
    hello: (n) => `Hello, ${n}`, fillIdentity: 'Enter your name and ID number', fillConsents: 'Read and tick every consent',
  },
};

let lang = localStorage.getItem('passenger.lang') || 'zh';
const t = (key, ...args) => {
  const v = TEXT[lang][key];
  return typeof v === 'function' ? v(...args) : v === undefined ? key : v;
};

// --- storage (R12) --------------------------------------------------------------------------------
const auth = () => JSON.parse(localStorage.getItem('passenger.auth') || 'null');
const registered = () => !!auth();
const bag = () => (registered() ? localStorage : sessionStorage);
const load = (k) => JSON.parse(bag().getItem('passenger.' + k) || 'null');
const save = (k, v) => (v === null ? bag().removeItem('passenger.' + k) : bag().setItem('passenger.' + k, JSON.stringify(v)));
const forgetAll = () => {
  ['guest', 'flow', 'view', 'certificate', 'auth', 'me'].forEach((k) => {
    localStorage.removeItem('passenger.' + k);
    sessionStorage.removeItem('passenger.' + k);
  });
};

/** Credentials of the owner of an application or certificate: bearer or applicant token. */
function ownerHeaders() {
  const a = auth();
  if (a) return { Authorization: 'Bearer ' + a.accessToken };
  const guest = load('guest');
  return guest ? { 'X-Applicant-Token': guest.applicantToken } : {};
}

async function call(method, path, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(API + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    return { status: 0, body: { messageZh: TEXT.zh.networkError, messageEn: TEXT.en.networkError } };
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  return { status: res.status, body: json, retryAfter: res.headers.get('Retry-After') };
}

// --- rendering helpers ------------------------------------------------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  });
  children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return node;
}

/** A problem+json answer, in the page's language, with the police window guidance when given. */
function showProblem(target, answer) {
  const box = $(target);
  box.replaceChildren();
  const p = answer.body || {};
  const main = lang === 'zh' ? p.messageZh : p.messageEn;
  box.append(el('span', {}, main || p.detail || p.title || `HTTP ${answer.status}`));
  if (lang === 'zh' && p.messageEn) box.append(el('span', { class: 'en' }, p.messageEn));
  if (answer.retryAfter) box.append(el('span', {}, t('retryAfter', answer.retryAfter)));
  box.dataset.code = p.code || '';
  box.hidden = false;
  if (p.guidance === 'STATION_POLICE_WINDOW') box.append(guidance());
}

function guidance() {
  return el('div', { class: 'guidance', 'data-guidance': 'STATION_POLICE_WINDOW' }, el('b', {}, t('guidanceTitle')), t('guidanceText'));
}

function message(target, text) {
  const box = $(target);
  box.replaceChildren(el('span', {}, text));
  box.hidden = false;
}

const when = (iso) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB',
  { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

function busy(text) {
  $('busy').hidden = !text;
  $('busy-text').textContent = text || '';
}

// --- screens ----------------------------------------------------------------------------------------
const SCREENS = ['home', 'login', 'apply', 'face', 'result', 'certificate', 'history', 'lookup'];
let current = 'home';
const TITLES = { login: 'loginTitle', apply: 'apply', face: 'faceTitle', result: 'appTitle', certificate: 'certificateTitle', history: 'history', lookup: 'lookupTitle' };

function show(screen) {
  if (current === 'certificate' && screen !== 'certificate') stopQr();
  current = screen;
  SCREENS.forEach((s) => { $('screen-' + s).hidden = s !== screen; });
  $('back').hidden = screen === 'home';
  document.querySelector('.bar-title').textContent = t(TITLES[screen] || 'appTitle');
  document.body.dataset.screen = screen;
  window.scrollTo(0, 0);
}

function applyLanguage() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((node) => {
    const v = TEXT[lang][node.dataset.i18n];
    if (typeof v === 'string') node.textContent = v;
  });
  $('lang').textContent = lang === 'zh' ? 'EN' : '中文';
  document.title = t('appTitle');
  document.querySelector('.bar-title').textContent = t(TITLES[current] || 'appTitle');
  renderHome();
  renderLocation();
}

// --- home, login, logout -------------------------------------------------------------------------
function renderHome() {
  const me = JSON.parse(localStorage.getItem('passenger.me') || 'null');
  $('go-login').hidden = registered();
  $('go-history').hidden = !registered();
  $('logout').hidden = !registered();
  $('greeting').hidden = !me;
  if (me) $('greeting').textContent = t('hello', me.maskedName);
}

async function login(event) {
  event.preventDefault();
  $('login-problem').hidden = true;
  const r = await call('POST', '/auth/login', { username: $('username').value, password: $('password').value });
  if (r.status !== 200) return showProblem('login-problem', r);
  forgetAll(); // a guest's state does not carry over into the account
  localStorage.setItem('passenger.auth', JSON.stringify(r.body));
  const me = await call('GET', '/me', undefined, ownerHeaders());
  if (me.status === 200) localStorage.setItem('passenger.me', JSON.stringify(me.body));
  $('password').value = '';
  renderHome();
  show('home');
}

async function logout() {
  if (registered()) await call('POST', '/auth/logout', undefined, ownerHeaders());
  forgetAll();
  renderHome();
  show('home');
}

// --- apply: location, consents, submit --------------------------------------------------------------
let position = null; // {latitude, longitude, accuracyMeters} or null
let locationState = 'locating';

function renderLocation() {
  const node = $('location-state');
  const demo = $('demo-location');
  if (demo.value) {
    node.textContent = t('demoLocated', demo.options[demo.selectedIndex].textContent);
    node.className = 'location-state ok';
    return;
  }
  node.className = 'location-state' + (locationState === 'ok' ? ' ok' : locationState === 'locating' ? '' : ' bad');
  node.textContent = locationState === 'ok' ? t('located', position && position.accuracyMeters)
    : locationState === 'denied' ? t('locationDenied') : locationState === 'failed' ? t('locationFailed') : t('locating');
}

function locate() {
  position = null;
  locationState = 'locating';
  renderLocation();
  if (!navigator.geolocation) {
    locationState = 'failed';
    renderLocation();
    return;
  }
  navigator.geolocation.getCurrentPosition(
    (p) => {
      position = { latitude: p.coords.latitude, longitude: p.coords.longitude, accuracyMeters: Math.round(p.coords.accuracy) };
      locationState = 'ok';
      renderLocation();
    },
    (e) => {
      locationState = e.code === e.PERMISSION_DENIED ? 'denied' : 'failed';
      renderLocation();
    },
    { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
}

function chosenLocation() {
  const demo = $('demo-location').value;
  if (demo) {
    const [latitude, longitude] = demo.split(',').map(Number);
    return { latitude, longitude, accuracyMeters: 30 };
  }
  return position;
}

function openApply() {
  const me = JSON.parse(localStorage.getItem('passenger.me') || 'null');
  $('identity-fields').hidden = registered();
  $('account-identity').hidden = !registered();
  if (me) $('account-identity').textContent = `${me.maskedName} · ${me.maskedIdNumber}`;
  $('apply-problem').hidden = true;
  show('apply');
  if (!position) locate();
}

async function submit(event) {
  event.preventDefault();
  $('apply-problem').hidden = true;
  const body = {
    location: chosenLocation(),
    consents: { identity: $('consent-identity').checked, biometric: $('consent-biometric').checked, location: $('consent-location').checked },
  };
  if (!registered()) {
    if (!$('name').value.trim() || !$('idNumber').value.trim()) return message('apply-problem', t('fillIdentity'));
    Object.assign(body, { name: $('name').value.trim(), idType: $('idType').value, idNumber: $('idNumber').value.trim() });
  }
  busy(t('submitting'));
  const r = await call('POST', '/applications', body, registered() ? ownerHeaders() : {});
  busy(null);
  if (r.status !== 201) {
    showProblem('apply-problem', r);
    if (r.body && r.body.code === 'LOCATION_REQUIRED') $('relocate').focus();
    return;
  }
  const a = r.body;
  if (a.applicantToken) save('guest', { applicationId: a.applicationId, applicantToken: a.applicantToken });
  startFace({ purpose: 'apply', applicationId: a.applicationId, sessionId: a.liveness.sessionId });
}

// --- face check (simulated provider in the demo) -------------------------------------------------
function startFace(flow) {
  save('flow', flow);
  $('face-title').textContent = t(flow.purpose === 'reverify' ? 'faceTitleReverify' : flow.purpose === 'lookup' ? 'faceTitleLookup' : 'faceTitle');
  $('face-state').hidden = true;
  $('face-frame').classList.add('scanning');
  document.querySelectorAll('[data-outcome]').forEach((b) => { b.disabled = false; });
  show('face');
}

async function faceOutcome(button) {
  const flow = load('flow');
  if (!flow) return show('home');
  document.querySelectorAll('[data-outcome]').forEach((b) => { b.disabled = true; });
  $('face-state').hidden = false;
  $('face-state').textContent = t('checking');
  const body = { outcome: button.dataset.outcome };
  if (button.dataset.face) body.faceMatchScore = Number(button.dataset.face);
  await call('POST', '/demo/liveness/' + flow.sessionId, body);
  $('face-frame').classList.remove('scanning');
  if (flow.purpose === 'apply') return pollApplication(flow.applicationId);
  if (flow.purpose === 'lookup') return finishLookup(flow.sessionId);
  return openViewSession(flow.certificateId, flow.sessionId);
}

// --- result of an application ------------------------------------------------------------------------
let pollTimer = null;

async function pollApplication(applicationId) {
  clearTimeout(pollTimer);
  const r = await call('GET', '/applications/' + applicationId, undefined, ownerHeaders());
  if (r.status !== 200) {
    show('result');
    return renderResult(null, r);
  }
  const a = r.body;
  const livenessPending = a.status === 'AWAITING_LIVENESS' && a.liveness && a.liveness.status === 'PENDING';
  renderResult(a);
  show('result');
  if (a.status === 'UNDER_REVIEW' || livenessPending) {
    pollTimer = setTimeout(() => current === 'result' && pollApplication(applicationId), 1000);
  }
}

function renderResult(a, failure) {
  const mark = $('result-mark');
  $('result-guidance').hidden = true;
  $('show-certificate').hidden = true;
  $('retry-face').hidden = true;
  $('result-facts').hidden = !a;
  $('result-card').dataset.status = a ? a.status : 'ERROR';
  if (!a) {
    mark.className = 'result-mark bad'; mark.textContent = '!';
    $('result-title').textContent = t('failedTitle');
    $('result-text').textContent = lang === 'zh' ? failure.body && failure.body.messageZh : failure.body && failure.body.messageEn;
    return;
  }
  $('result-name').textContent = a.maskedName || '—';
  $('result-id').textContent = a.maskedIdNumber || '—';
  $('result-city').textContent = a.city || '—';
  $('result-quota').textContent = a.quota ? `${a.quota.used} / ${a.quota.limit}` : '—';
  const retry = a.status === 'AWAITING_LIVENESS' && a.liveness && a.liveness.status === 'FAILED' && a.liveness.attemptsLeft > 0;
  if (a.status === 'ISSUED') {
    mark.className = 'result-mark ok'; mark.textContent = '✓';
    $('result-title').textContent = t('issuedTitle');
    $('result-text').textContent = t('issuedText');
    $('show-certificate').hidden = false;
    const flow = load('flow') || {};
    save('flow', { ...flow, certificateId: a.certificateId });
  } else if (retry) {
    mark.className = 'result-mark bad'; mark.textContent = '!';
    $('result-title').textContent = t('retryTitle');
    $('result-text').textContent = t('retryText', a.liveness.attemptsLeft);
    $('retry-face').hidden = false;
  } else if (a.status === 'UNDER_REVIEW' || a.status === 'AWAITING_LIVENESS') {
    mark.className = 'result-mark wait'; mark.textContent = '…';
    const review = a.status === 'UNDER_REVIEW' && a.liveness && a.liveness.status === 'PASSED';
    $('result-title').textContent = t(review ? 'reviewTitle' : 'processingTitle');
    $('result-text').textContent = t(review ? 'reviewText' : 'processingText');
  } else {
    mark.className = 'result-mark bad'; mark.textContent = '✗';
    $('result-title').textContent = t('failedTitle');
    $('result-text').textContent = (lang === 'zh' ? a.messageZh : a.messageEn) || '';
    if (a.guidance === 'STATION_POLICE_WINDOW') {
      $('result-guidance').replaceChildren(el('b', {}, t('guidanceTitle')), t('guidanceText'));
      $('result-guidance').hidden = false;
    }
  }
}

async function retryFace() {
  const flow = load('flow');
  const r = await call('POST', `/applications/${flow.applicationId}/liveness-sessions`, undefined, ownerHeaders());
  if (r.status !== 201) {
    renderResult(null, r);
    return;
  }
  startFace({ purpose: 'apply', applicationId: flow.applicationId, sessionId: r.body.sessionId });
}

// --- the certificate: view session, QR frames, countdown, re-verification --------------------------
let qrTimer = null;
let tickTimer = null;
let frame = null; // {refreshAt (ms, local), viewEndsAt (ms, local)}

/** The application's own passed face check (once) or a new one opens a 30-minute view session. */
async function openViewSession(certificateId, livenessSessionId) {
  busy(t('loading'));
  let r;
  // the verdict of the simulated provider arrives asynchronously: give it a few seconds
  for (let i = 0; i < 8; i++) {
    r = await call('POST', `/certificates/${certificateId}/view-sessions`, { livenessSessionId }, ownerHeaders());
    if (r.status !== 422) break;
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
  busy(null);
  if (r.status !== 201) {
    show('result');
    renderResult(null, r);
    return;
  }
  save('view', { certificateId, viewSessionToken: r.body.viewSessionToken });
  await openCertificate(certificateId);
}

async function openCertificate(certificateId) {
  const c = await call('GET', '/certificates/' + certificateId, undefined, ownerHeaders());
  if (c.status === 200) {
    save('certificate', c.body);
    $('certificate-name').textContent = c.body.maskedName;
    $('certificate-id').textContent = c.body.maskedIdNumber;
    $('certificate-expires').textContent = when(c.body.expiresAt);
    $('certificate-status').textContent = c.body.status === 'ACTIVE' ? t('active') : t(c.body.status);
    $('certificate-status').className = 'chip' + (c.body.status === 'ACTIVE' ? '' : ' bad');
  }
  $('certificate-problem').hidden = true;
  $('qr-locked').hidden = true;
  show('certificate');
  await nextFrame();
  loadChecks(certificateId);
}

async function nextFrame() {
  clearTimeout(qrTimer);
  const view = load('view');
  if (!view) return lockQr();
  const headers = { 'X-View-Session': view.viewSessionToken };
  const meta = await call('GET', `/certificates/${view.certificateId}/qr`, undefined, headers);
  if (meta.status === 401) return lockQr();
  if (meta.status !== 200) {
    stopQr();
    $('qr').removeAttribute('src');
    return showProblem('certificate-problem', meta);
  }
  let image;
  try {
    const res = await fetch(`${API}/certificates/${view.certificateId}/qr`, { headers: { ...headers, Accept: 'image/png' }, cache: 'no-store' });
    if (res.status === 401) return lockQr();
    image = res.ok ? URL.createObjectURL(await res.blob()) : null;
  } catch (e) {
    image = null;
  }
  if (!image) return message('certificate-problem', t('networkError'));
  const old = $('qr').src;
  $('qr').src = image;
  if (old && old.startsWith('blob:')) URL.revokeObjectURL(old);
  $('qr').dataset.frameStartsAt = meta.body.frameStartsAt;
  $('certificate-problem').hidden = true;
  // the service's clock may differ from the phone's (and the demo clock moves): count down from
  // what the service says is left, not from absolute times
  const now = Date.now();
  const serviceNow = Date.parse(meta.body.frameExpiresAt) - meta.body.refreshAfterSeconds * 1000;
  frame = {
    refreshAt: now + meta.body.refreshAfterSeconds * 1000,
    viewEndsAt: now + (Date.parse(meta.body.viewSessionExpiresAt) - serviceNow),
  };
  qrTimer = setTimeout(nextFrame, meta.body.refreshAfterSeconds * 1000 + 300);
  clearInterval(tickTimer);
  tickTimer = setInterval(tick, 1000);
  tick();
}

function tick() {
  if (!frame) return;
  const now = Date.now();
  const s = Math.max(0, Math.ceil((frame.refreshAt - now) / 1000));
  $('countdown-text').textContent = t('refreshIn', s);
  $('countdown-bar').style.width = `${Math.min(100, (s / 60) * 100)}%`;
  const left = Math.max(0, Math.floor((frame.viewEndsAt - now) / 1000));
  $('view-left').textContent = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
  if (left === 0) lockQr();
}

function stopQr() {
  clearTimeout(qrTimer);
  clearInterval(tickTimer);
  frame = null;
}

/** R11: after 30 minutes (or a revoked view session) the QR code needs a new face check. */
function lockQr() {
  stopQr();
  save('view', null);
  $('qr-locked').hidden = false;
  $('countdown-text').textContent = '';
  $('countdown-bar').style.width = '0';
  $('view-left').textContent = '00:00';
}

async function reverify() {
  const certificateId = (load('certificate') || {}).certificateId || (load('flow') || {}).certificateId;
  const r = await call('POST', `/certificates/${certificateId}/reverifications`, undefined, ownerHeaders());
  if (r.status !== 201) return showProblem('certificate-problem', r);
  startFace({ purpose: 'reverify', certificateId, sessionId: r.body.sessionId });
}

/** The check log (GET /certificates/{id}/checks), shown once the service offers it. */
async function loadChecks(certificateId) {
  const r = await call('GET', `/certificates/${certificateId}/checks`, undefined, ownerHeaders());
  if (r.status !== 200 || !r.body || !Array.isArray(r.body.items)) {
    $('checks').hidden = true;
    return;
  }
  $('check-list').replaceChildren(...r.body.items.map((c) => el('li', {},
    el('span', {}, `${when(c.checkedAt)} · ${t(c.checkpointType)}${c.station ? ' · ' + c.station : ''}`),
    el('span', { class: c.result === 'ACCEPTED' ? 'check-ok' : 'check-bad' }, t(c.result === 'ACCEPTED' ? 'checkAccepted' : 'checkRejected')))));
  const alerts = r.body.alerts || [];
  $('check-alerts').hidden = alerts.length === 0;
  if (alerts.length) $('check-alerts').textContent = t('impossibleTravel');
  $('checks').hidden = r.body.items.length === 0 && alerts.length === 0;
}

function closeCertificate() {
  stopQr();
  save('view', null);
  if (!registered()) save('guest', null);
  show('home');
}

// --- history (R14) ------------------------------------------------------------------------------
async function openHistory() {
  const r = await call('GET', '/me/applications', undefined, ownerHeaders());
  if (r.status === 401) return logout();
  const items = (r.body && r.body.items) || [];
  $('history-empty').hidden = items.length > 0;
  $('history-list').replaceChildren(...items.map((a) => {
    const li = el('li', { 'data-status': a.status },
      el('div', { class: 'history-head' }, el('span', {}, a.city || '—'), el('span', { class: 'status ' + a.status }, t(a.status))),
      el('div', { class: 'history-meta' }, when(a.createdAt)));
    if (a.reasonCode && (a.messageZh || a.messageEn)) li.append(el('div', { class: 'history-reason' }, lang === 'zh' ? a.messageZh : a.messageEn));
    if (a.status === 'ISSUED' && a.certificateId) {
      const b = el('button', { type: 'button', class: 'small' }, t('viewThis'));
      b.addEventListener('click', async () => {
        const view = load('view');
        if (view && view.certificateId === a.certificateId) return openCertificate(a.certificateId);
        save('certificate', { certificateId: a.certificateId });
        await reverifyFor(a.certificateId);
      });
      li.append(b);
    }
    return li;
  }));
  show('history');
}

async function reverifyFor(certificateId) {
  const r = await call('POST', `/certificates/${certificateId}/reverifications`, undefined, ownerHeaders());
  if (r.status !== 201) {
    show('result');
    return renderResult(null, r);
  }
  startFace({ purpose: 'reverify', certificateId, sessionId: r.body.sessionId });
}

// --- finding a certificate again (R12, R16) ------------------------------------------------------
async function myCertificate() {
  const view = load('view');
  if (view) return openCertificate(view.certificateId);
  if (registered()) return openHistory();
  $('lookup-problem').hidden = true;
  show('lookup');
}

async function lookup(event) {
  event.preventDefault();
  $('lookup-problem').hidden = true;
  if (!$('lookup-name').value.trim() || !$('lookup-idNumber').value.trim()) return message('lookup-problem', t('fillIdentity'));
  const r = await call('POST', '/certificates/lookup', { name: $('lookup-name').value.trim(), idType: 'RESIDENT_ID_CARD', idNumber: $('lookup-idNumber').value.trim() });
  if (r.status !== 202) return showProblem('lookup-problem', r);
  startFace({ purpose: 'lookup', sessionId: r.body.livenessSessionId });
}

async function finishLookup(sessionId) {
  let r;
  for (let i = 0; i < 8; i++) {
    r = await call('GET', `/liveness/${sessionId}/certificate`);
    if (r.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
  if (r.status !== 200) {
    show('lookup');
    return message('lookup-problem', t('notFound'));
  }
  save('guest', { applicationId: null, applicantToken: r.body.applicantToken });
  await openViewSession(r.body.certificateId, sessionId);
}

// --- start ------------------------------------------------------------------------------------------
function back() {
  if (current === 'face' || current === 'result') return show('home');
  show('home');
}

function start() {
  $('lang').addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('passenger.lang', lang);
    applyLanguage();
  });
  $('back').addEventListener('click', back);
  $('go-apply').addEventListener('click', openApply);
  $('go-lookup').addEventListener('click', myCertificate);
  $('go-history').addEventListener('click', openHistory);
  $('go-login').addEventListener('click', () => { $('login-problem').hidden = true; show('login'); });
  $('logout').addEventListener('click', logout);
  $('login-form').addEventListener('submit', login);
  $('apply-form').addEventListener('submit', submit);
  $('relocate').addEventListener('click', () => { $('demo-location').value = ''; locate(); });
  $('demo-location').addEventListener('change', renderLocation);
  document.querySelectorAll('[data-outcome]').forEach((b) => b.addEventListener('click', () => faceOutcome(b)));
  $('show-certificate').addEventListener('click', () => {
    const flow = load('flow');
    openViewSession(flow.certificateId, flow.sessionId);
  });
  $('retry-face').addEventListener('click', retryFace);
  $('result-home').addEventListener('click', () => show('home'));
  $('refresh').addEventListener('click', nextFrame);
  $('reverify').addEventListener('click', reverify);
  $('certificate-home').addEventListener('click', () => show('home'));
  $('certificate-close').addEventListener('click', closeCertificate);
  $('lookup-form').addEventListener('submit', lookup);
  applyLanguage();
  show('home');
  const view = load('view');
  if (view) openCertificate(view.certificateId);
  document.body.dataset.ready = 'true';
}

start();
