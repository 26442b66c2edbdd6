// Deriv's official client ships no types: the little the tests use.
declare module '@deriv/deriv-api/dist/DerivAPIBasic.js' {
  interface Observable<T> {
    subscribe(next: (value: T) => void): { unsubscribe(): void };
  }
  export default class DerivAPIBasic {
    constructor(options: { connection: unknown });
    ping(): Promise<Record<string, any>>;
    residenceList(request?: Record<string, unknown>): Promise<Record<string, any>>;
    send(request: Record<string, unknown>): Promise<Record<string, any>>;
    onMessage(): Observable<{ name: string; data: Record<string, any> }>;
    onClose(): Observable<{ name: string }>;
    disconnect(): void;
  }
}
