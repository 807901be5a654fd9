// placeholder: replaced by the handler's own developer
export function handler(): never {
  throw new Error('not implemented yet');
}
