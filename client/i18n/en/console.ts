// The console's catalogue: its own strings and its side of each feature (console/*.ts).
import { messages as backup } from './console/backup.ts';
import { messages as followup } from './console/followup.ts';
import { messages as main } from './console/main.ts';
import { messages as openData } from './console/open-data.ts';
import { messages as polls } from './console/polls.ts';
import { messages as privacy } from './console/privacy.ts';
import { messages as programme } from './console/programme.ts';
import { messages as publication } from './console/publication.ts';
import { messages as question } from './console/question.ts';
import { messages as speed } from './console/speed.ts';
import { messages as strata } from './console/strata.ts';
import { messages as timer } from './console/timer.ts';
import { messages as vision } from './console/vision.ts';

export const messages = { ...main, ...backup, ...followup, ...openData, ...polls, ...privacy, ...programme, ...publication, ...question, ...speed, ...strata, ...timer, ...vision };
