import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/domain/chat/language.ts';

describe('detectLanguage', () => {
  it.each([
    'Hola, no me carga el portal desde esta mañana',
    'la plataforma va muy lenta para todos los usuarios',
    'necesito ayuda con la factura',
    'Gracias',
    'el correo no funciona',
    'Se cayo el servidor y no podemos trabajar',
  ])('reads %j as Spanish', (text) => {
    expect(detectLanguage(text)).toBe('es');
  });

  it.each([
    'Hi, the portal is not loading since this morning',
    'Some users are getting an error on the dashboard',
    'I need help with the invoice',
    'thanks',
    "we can't log in",
  ])('reads %j as English', (text) => {
    expect(detectLanguage(text)).toBe('en');
  });

  it.each(['', 'ok', '👍', 'ERP', '502', '/case assign ITBX-4 me', 'Outlook VPN SharePoint'])(
    'does not guess on %j',
    (text) => {
      expect(detectLanguage(text)).toBe('unknown');
    },
  );

  it('does not guess when a text mixes both languages evenly', () => {
    expect(detectLanguage('hola, the portal')).toBe('unknown');
  });

  it('follows the language that clearly dominates a mixed text', () => {
    expect(detectLanguage('Hola team, el dashboard de ventas no carga para los usuarios de la oficina')).toBe('es');
    expect(detectLanguage('Hola! The dashboard is not loading for the users in our office')).toBe('en');
  });
});
