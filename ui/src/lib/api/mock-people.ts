// The in-browser mock of laris-core's people: the first owner, the owner's PIN on owner-only
// calls, the lock-out after wrong PINs (LIMITS from the Rust side), duty and the audit log.
// PINs are kept as typed: this is browser memory for tests and demos, never a real till.
import { appError } from './backend';
import { LIMITS } from './types.gen';
import type {
  AppError,
  ApprovalView,
  AuditActionView,
  AuditEntryView,
  LogInInput,
  OnDutyView,
  OwnPinInput,
  OwnerSetupInput,
  PersonChangeInput,
  PersonInput,
  PersonView,
  PinResetInput,
} from './types.gen';

interface MockPerson extends PersonView {
  pin: string;
  failures: number;
  lockedUntil: number;
}

/** How long `failures` wrong PINs in a row lock a person out (laris-core's `lock_ms`). */
export function lockMs(failures: number): number {
  if (failures < LIMITS.lockAfterFailures) return 0;
  const doublings = Math.min(failures - LIMITS.lockAfterFailures, 20);
  return Math.min(LIMITS.firstLockMs * 2 ** doublings, LIMITS.maxLockMs);
}

function checkedPin(pin: string): string {
  const p = pin.trim();
  if (p.length < LIMITS.minPinDigits || p.length > LIMITS.maxPinDigits || !/^[0-9]+$/.test(p)) {
    throw appError('invalid_input', `a PIN is ${LIMITS.minPinDigits} to ${LIMITS.maxPinDigits} digits`, 'pin');
  }
  return p;
}

function checkedName(name: string): string {
  const n = name.trim();
  if (n.length === 0 || [...n].length > LIMITS.maxPersonNameChars) {
    throw appError('invalid_input', `a name is 1 to ${LIMITS.maxPersonNameChars} characters`, 'name');
  }
  return n;
}

const seconds = (ms: number) => Math.ceil(ms / 1000);

export class MockPeople {
  private people: MockPerson[] = [];
  private duty: { id: string; since: number } | null = null;
  private log: AuditEntryView[] = [];
  private nextId = 1;

  constructor(private now: () => number) {}

  private view(p: MockPerson): PersonView {
    return { id: p.id, name: p.name, role: p.role, active: p.active };
  }

  private audit(
    actor: MockPerson | null,
    action: AuditActionView,
    subject: string | null,
    detail: string,
    approval: ApprovalView | null = null,
  ) {
    this.log.push({
      id: `a-${this.nextId++}`,
      at: this.now(),
      actorName: actor?.name ?? null,
      action,
      subject,
      detail,
      reason: null,
      approval,
    });
  }

  private known(id: string): MockPerson {
    const p = this.people.find((x) => x.id === id);
    if (!p) throw appError('unknown_person', `no person ${JSON.stringify(id)} on this till`);
    return p;
  }

  /** A PIN typed for `p`: counted when wrong, refused unchecked while locked. */
  private check(p: MockPerson, pin: string): AppError | null {
    const now = this.now();
    if (p.lockedUntil > now) {
      return appError('pin_locked', `too many wrong PINs: try again in ${seconds(p.lockedUntil - now)} s`);
    }
    if (pin.trim() === p.pin) {
      p.failures = 0;
      p.lockedUntil = 0;
      return null;
    }
    p.failures += 1;
    const lock = lockMs(p.failures);
    p.lockedUntil = lock > 0 ? now + lock : 0;
    if (lock > 0) this.audit(p, 'pin_locked', p.id, `${p.failures} wrong PINs in a row; locked for ${seconds(lock)} s`);
    return appError('wrong_pin', lock > 0 ? `wrong PIN; too many tries, locked for ${seconds(lock)} s` : 'wrong PIN');
  }

  private approve(pin: string): MockPerson {
    const owners = this.people.filter((p) => p.active && p.role === 'owner');
    if (owners.length === 0) throw appError('no_owner', 'the shop has no owner yet: set up the owner and their PIN first');
    let refusal: AppError | null = null;
    for (const o of owners) {
      const e = this.check(o, pin);
      if (e === null) return o;
      if (refusal === null || e.code === 'wrong_pin') refusal = e;
    }
    throw refusal!;
  }

  /** The till's approval-code key (laris-core keeps it beside the database). */
  approvalKey: Uint8Array | null = null;
  private usedCodes = new Set<string>();

  /** `enrol_approval_key`: a new key with an owner's PIN, audited. */
  enrolKey(pin: string, key: Uint8Array): void {
    const owner = this.approve(pin);
    this.approvalKey = key;
    this.audit(owner, 'approval_key_enrolled', null, 'approval codes: a new key (earlier codes no longer work)', 'owner_pin');
  }

  /** An approval code as the owner's authority for exactly `action` on `subject` for
   * `amount`, once; returns the audit writer like `authority`. */
  async codeAuthority(
    code: string,
    action: 'void' | 'refund' | 'kasbon',
    subject: string,
    amount: number,
    matches: (key: Uint8Array, code: string) => Promise<boolean>,
  ): Promise<(action: AuditActionView, subject: string | null, detail: string, reason?: string | null) => void> {
    const digits = code.replace(/\D/g, '');
    if (!this.approvalKey) throw appError('no_approval_key', 'this till has no approval key');
    if (digits.length !== 8 || !(await matches(this.approvalKey, digits))) {
      throw appError('bad_approval_code', 'the approval code is wrong, expired, or for another action, sale or amount');
    }
    const used = `${digits}|${action}|${subject.trim().toLowerCase()}|${amount}`;
    if (this.usedCodes.has(used)) throw appError('approval_code_used', 'this approval code was used already');
    this.usedCodes.add(used);
    return (a, subj, detail, reason = null) => {
      this.audit(null, a, subj, detail, 'owner_code');
      if (reason) this.log[this.log.length - 1].reason = reason;
    };
  }

  /** laris-core's `owner_authority`: nobody set up → no PIN asked; else an owner's PIN.
   * Returns a function that writes the action's audit entry. */
  authority(
    pin: string | null,
    refusal: 'owner_approval_required' | 'over_credit_limit' = 'owner_approval_required',
  ): (action: AuditActionView, subject: string | null, detail: string, reason?: string | null) => void {
    let owner: MockPerson | null = null;
    if (this.people.length > 0) {
      if (pin == null) {
        throw appError(refusal, refusal === 'over_credit_limit' ? "over the customer's credit limit: this needs the owner's PIN" : "this needs the owner's PIN");
      }
      owner = this.approve(pin);
    }
    return (action, subject, detail, reason = null) => {
      this.audit(owner, action, subject, detail, owner ? 'owner_pin' : 'nobody_set_up');
      this.log[this.log.length - 1].reason = reason;
    };
  }

  /** Whether anyone is set up on the till (owner-only actions then need the owner's PIN). */
  hasPeople(): boolean {
    return this.people.length > 0;
  }

  /** An audit entry by whoever is on duty, with no approval (shifts, cash moves). */
  record(action: AuditActionView, subject: string | null, detail: string, reason: string | null = null): void {
    const actor = this.duty ? this.known(this.duty.id) : null;
    this.audit(actor, action, subject, detail);
    this.log[this.log.length - 1].reason = reason;
  }

  private uniqueName(name: string, id: string | null) {
    if (this.people.some((p) => p.id !== id && p.name.toLowerCase() === name.toLowerCase())) {
      throw appError('invalid_input', `${JSON.stringify(name)} is already someone's name here`, 'name');
    }
  }

  private create(name: string, role: PersonView['role'], pin: string): MockPerson {
    const n = checkedName(name);
    const p = checkedPin(pin);
    this.uniqueName(n, null);
    const person: MockPerson = { id: `u-${this.nextId++}`, name: n, role, active: true, pin: p, failures: 0, lockedUntil: 0 };
    this.people.push(person);
    return person;
  }

  list(): PersonView[] {
    const order = (p: MockPerson) => (p.role === 'owner' ? 0 : 1);
    return [...this.people]
      .sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name, 'id'))
      .map((p) => this.view(p));
  }

  onDuty(): OnDutyView | null {
    if (!this.duty) return null;
    return { person: this.view(this.known(this.duty.id)), since: this.duty.since };
  }

  /** The name of the person on duty, for the sale (laris-app's checkout). */
  cashierName(): string | null {
    return this.duty ? this.known(this.duty.id).name : null;
  }

  setUpOwner(input: OwnerSetupInput): OnDutyView {
    if (this.people.length > 0) throw appError('owner_approval_required', "this needs the owner's PIN");
    const owner = this.create(input.name, 'owner', input.pin);
    this.audit(owner, 'person_added', owner.id, `${owner.name} added as the first owner`, 'first_owner');
    return this.logIn({ personId: owner.id, pin: input.pin });
  }

  addPerson(input: PersonInput): PersonView {
    const owner = this.approve(input.ownerPin);
    const p = this.create(input.name, input.role, input.pin);
    this.audit(owner, 'person_added', p.id, `${p.name} added as ${p.role}`, 'owner_pin');
    return this.view(p);
  }

  changePerson(input: PersonChangeInput): PersonView {
    const owner = this.approve(input.ownerPin);
    const p = this.known(input.id);
    const name = input.name != null ? checkedName(input.name) : p.name;
    this.uniqueName(name, p.id);
    const role = input.role ?? p.role;
    const active = input.active ?? p.active;
    const stillOwner = active && role === 'owner';
    const activeOwners = this.people.filter((x) => x.active && x.role === 'owner').length;
    if (!stillOwner && p.active && p.role === 'owner' && activeOwners === 1) {
      throw appError('last_owner', 'the shop must keep one active owner: add another owner first');
    }
    const what: string[] = [];
    if (name !== p.name) what.push(`name ${JSON.stringify(p.name)} -> ${JSON.stringify(name)}`);
    if (role !== p.role) what.push(`role ${p.role} -> ${role}`);
    if (active !== p.active) what.push(active ? 'reactivated' : 'retired');
    if (what.length === 0) return this.view(p);
    const before = p.name;
    Object.assign(p, { name, role, active });
    if (!active && this.duty?.id === p.id) this.duty = null;
    this.audit(owner, 'person_changed', p.id, `${before}: ${what.join(', ')}`, 'owner_pin');
    return this.view(p);
  }

  resetPin(input: PinResetInput): void {
    const pin = checkedPin(input.newPin);
    const owner = this.approve(input.ownerPin);
    const p = this.known(input.id);
    Object.assign(p, { pin, failures: 0, lockedUntil: 0 });
    this.audit(owner, 'pin_changed', p.id, `PIN of ${p.name} reset by the owner`, 'owner_pin');
  }

  changeOwnPin(input: OwnPinInput): void {
    const pin = checkedPin(input.newPin);
    const p = this.known(input.id);
    if (!p.active) throw appError('person_retired', `${p.name} has been retired and cannot log in`);
    const e = this.check(p, input.oldPin);
    if (e) throw e;
    p.pin = pin;
    this.audit(p, 'pin_changed', p.id, `${p.name} changed their own PIN`, 'own_pin');
  }

  logIn(input: LogInInput): OnDutyView {
    const p = this.known(input.personId);
    if (!p.active) throw appError('person_retired', `${p.name} has been retired and cannot log in`);
    const e = this.check(p, input.pin);
    if (e) throw e;
    if (this.duty && this.duty.id !== p.id) {
      const before = this.known(this.duty.id);
      this.audit(before, 'duty_ended', before.id, `${before.name} another person logged in`);
    }
    this.duty = { id: p.id, since: this.now() };
    this.audit(p, 'duty_started', p.id, `${p.name} logged in`);
    return this.onDuty()!;
  }

  logOut(): void {
    if (!this.duty) return;
    const before = this.known(this.duty.id);
    this.duty = null;
    this.audit(before, 'duty_ended', before.id, `${before.name} logged out`);
  }

  auditLog(limit: number): AuditEntryView[] {
    return [...this.log].reverse().slice(0, Math.min(limit, 500));
  }
}
