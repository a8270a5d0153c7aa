import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';

const log = new Logger('personal-data');

function keyFrom(envName: string, purpose: string): Buffer {
  const configured = process.env[envName];
  if (configured) return createHash('sha256').update(configured).digest();
  if (process.env.NODE_ENV === 'production') throw new Error(`${envName} must be set in production`);
  log.warn(`${envName} is not set: using the local development key for ${purpose}`);
  return createHash('sha256').update(`onedoor-local-development-${purpose}`).digest();
}

/**
 * Pseudonyms and encryption for sensitive personal information (PIPL): public events carry
 * keyed HMAC references, never clear ID numbers; the clear data intake must keep is encrypted.
 */
export class PersonalData {
  private readonly refKey = keyFrom('ONEDOOR_REF_KEY', 'pseudonyms');
  private readonly dataKey = keyFrom('ONEDOOR_DATA_KEY', 'encryption');

  personRef(idNumber: string): string {
    return `p_${createHmac('sha256', this.refKey).update(`person:${idNumber.toUpperCase()}`).digest('base64url').slice(0, 22)}`;
  }

  /** A household is known by its sorted members, so the same family gets the same reference. */
  householdRef(memberIdNumbers: string[]): string {
    const canonical = [...memberIdNumbers].map((s) => s.toUpperCase()).sort().join(',');
    return `h_${createHmac('sha256', this.refKey).update(`household:${canonical}`).digest('base64url').slice(0, 22)}`;
  }

  /** AES-256-GCM; the output carries its nonce and tag. */
  encrypt(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  decrypt<T>(sealed: string): T {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1') throw new Error('unknown sealed data version');
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const clear = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(clear) as T;
  }
}

/** First 6 and last 4 characters: enough to recognise, not to misuse. */
export const maskIdNumber = (id: string) => (id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '****');
