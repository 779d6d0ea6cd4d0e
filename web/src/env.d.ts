/// <reference types="vite/client" />

declare module 'virtual:tidu-policy' {
  import type { PolicyBundle } from '@/policy/types';
  const policy: PolicyBundle;
  export default policy;
}
