// The domain types this storage reads and writes.
global using Flameup.Admin.Core.Common;
global using Flameup.Admin.Core.Demo;
global using Flameup.Admin.Core.Events;
global using Flameup.Admin.Core.People;
global using Flameup.Admin.Core.Stats;
global using Flameup.Admin.Core.Storage;
global using Flameup.Admin.Core.Storage.Ports;
