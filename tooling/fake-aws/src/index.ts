export {
  MOTO_ACCOUNT_ID,
  type MotoServer,
  MotoServerError,
  type MotoServerOptions,
  startMotoServer,
} from "./moto-server.js";
