// A vCenter simulator for the tests (govmomi's vcsim, from Debian's golang-github-vmware-govmomi-dev):
// serves the vSphere API on loopback and, from a JSON estate spec, builds a legacy estate through
// that API (datacenter, folders, switch and port groups, VMs with disks, firmware and guest IPs).
//
// Build: GO111MODULE=off GOPATH=/usr/share/gocode go build -o vcsim ./test/vcsim
// (test/helpers/vcsim.ts does this once per source hash). Credentials come from VCSIM_USERNAME
// and VCSIM_PASSWORD, never from flags; the URL printed on stdout carries none.
package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"path"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/types"
)

// Estate is the JSON spec of the legacy estate to build.
type Estate struct {
	Datacenter string `json:"datacenter"`
	Cluster    string `json:"cluster"`
	Hosts      int    `json:"hosts"`
	Datastores []struct {
		Name        string `json:"name"`
		CapacityGiB int64  `json:"capacityGiB"`
	} `json:"datastores"`
	Switches []struct {
		Name       string `json:"name"`
		PortGroups []struct {
			Name string `json:"name"`
			Vlan int32  `json:"vlan"`
		} `json:"portGroups"`
	} `json:"switches"`
	// Port groups on the hosts' standard switch (vSwitch0).
	StandardNetworks []struct {
		Name string `json:"name"`
		Vlan int32  `json:"vlan"`
	} `json:"standardNetworks"`
	Folders []string `json:"folders"`
	VMs     []VM     `json:"vms"`
}

// VM is one virtual machine of the estate.
type VM struct {
	Name           string `json:"name"`
	Folder         string `json:"folder"`
	GuestID        string `json:"guestId"`
	Firmware       string `json:"firmware"`
	SecureBoot     bool   `json:"secureBoot"`
	CPUs           int32  `json:"cpus"`
	CoresPerSocket int32  `json:"coresPerSocket"`
	MemoryMiB      int64  `json:"memoryMiB"`
	Datastore      string `json:"datastore"`
	// pvscsi (default), lsilogic-sas, lsilogic
	ScsiType   string `json:"scsiType"`
	PowerState string `json:"powerState"`
	Template   bool   `json:"template"`
	// What a VM made with vCenter's defaults differs in: every VM gets the settings vCenter
	// reports for such a VM (Tools scripts on, logging on, boot retry delay 10 s, swap placement
	// inherit), with these as given.
	Options struct {
		CPUHotAdd    bool `json:"cpuHotAdd"`
		MemoryHotAdd bool `json:"memoryHotAdd"`
		DiskUUID     bool `json:"diskUuid"`
		// periodic guest clock synchronization with the host
		SyncTimeWithHost bool `json:"syncTimeWithHost"`
		// manual (default) or upgradeAtPowerCycle
		ToolsUpgradePolicy string `json:"toolsUpgradePolicy"`
	} `json:"options"`
	Disks []struct {
		Label string `json:"label"`
		// scsi (default), sata, ide
		Controller string `json:"controller"`
		Bus        int32  `json:"bus"`
		Unit       int32  `json:"unit"`
		SizeGiB    int64  `json:"sizeGiB"`
		// extra bytes beyond sizeGiB, for a disk that is not a whole number of GiB
		ExtraBytes int64 `json:"extraBytes"`
		Thin       bool  `json:"thin"`
		// an IOPS limit; 0: none (-1)
		IopsLimit int64 `json:"iopsLimit"`
	} `json:"disks"`
	NICs []struct {
		Network string `json:"network"`
		// vmxnet3 (default), e1000, e1000e
		Adapter string `json:"adapter"`
		Mac     string `json:"mac"`
		IPv4    string `json:"ipv4"`
	} `json:"nics"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "vcsim: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "host:port to serve on")
	plain := flag.Bool("plain", false, "serve plain http instead of https with a self-signed certificate")
	estateFile := flag.String("estate", "", "JSON spec of the legacy estate to build")
	parentPid := flag.Int("parent-pid", os.Getppid(), "end when this process is no longer the parent")
	flag.Parse()

	user, pass := os.Getenv("VCSIM_USERNAME"), os.Getenv("VCSIM_PASSWORD")
	if user == "" || pass == "" {
		fail("set VCSIM_USERNAME and VCSIM_PASSWORD: the credentials the simulator accepts")
	}
	var estate Estate
	if *estateFile != "" {
		data, err := os.ReadFile(*estateFile)
		if err != nil {
			fail("cannot read the estate spec: %v", err)
		}
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&estate); err != nil {
			fail("estate spec %s: %v", *estateFile, err)
		}
	}

	model := simulator.VPX()
	// say what it is: an inventory read from here names its source as a simulator
	model.ServiceContent.About.FullName = "vcsim (govmomi's simulator) as " + model.ServiceContent.About.FullName
	model.Datacenter = 1
	model.Cluster = 1
	model.ClusterHost = estate.Hosts
	if model.ClusterHost < 1 {
		model.ClusterHost = 2
	}
	model.Host = 0
	model.Machine = 0
	model.Portgroup = 0
	model.Datastore = len(estate.Datastores)
	if model.Datastore < 1 {
		model.Datastore = 1
	}
	if err := model.Create(); err != nil {
		fail("cannot create the simulator's model: %v", err)
	}
	defer model.Remove()
	if !*plain {
		model.Service.TLS = new(tls.Config)
	}
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(user, pass)}
	server := model.Service.NewServer()
	defer server.Close()

	if *estateFile != "" {
		ctx := context.Background()
		u := *server.URL
		u.User = url.UserPassword(user, pass)
		client, err := govmomi.NewClient(ctx, &u, true)
		if err != nil {
			fail("cannot log in to the simulator: %v", err)
		}
		if err := build(ctx, client.Client, &estate); err != nil {
			fail("building the estate: %v", err)
		}
		_ = client.Logout(ctx)
	}

	shown := *server.URL
	shown.User = nil
	fmt.Printf("VCSIM_URL=%s\n", shown.String())
	os.Stdout.Sync()

	// stop on SIGINT or SIGTERM, and when the process that started it is gone (even killed
	// outright, it cannot say so): then this process has been handed to another parent
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	orphaned := make(chan struct{})
	go func() {
		for os.Getppid() == *parentPid {
			time.Sleep(500 * time.Millisecond)
		}
		close(orphaned)
	}()
	select {
	case <-signals:
	case <-orphaned:
	}
}

// wait takes a call that starts a task, as it returns, and waits for the task to end.
func wait(task *object.Task, err error) error {
	if err != nil {
		return err
	}
	return task.Wait(context.Background())
}

func build(ctx context.Context, c *vim25.Client, e *Estate) error {
	finder := find.NewFinder(c, false)
	dc, err := finder.Datacenter(ctx, "DC0")
	if err != nil {
		return err
	}
	if e.Datacenter != "" {
		if err := wait(dc.Rename(ctx, e.Datacenter)); err != nil {
			return fmt.Errorf("renaming the datacenter: %w", err)
		}
		if dc, err = finder.Datacenter(ctx, e.Datacenter); err != nil {
			return err
		}
	}
	finder.SetDatacenter(dc)
	cluster, err := finder.ClusterComputeResource(ctx, "DC0_C0")
	if err != nil {
		return err
	}
	if e.Cluster != "" {
		if err := wait(cluster.Rename(ctx, e.Cluster)); err != nil {
			return fmt.Errorf("renaming the cluster: %w", err)
		}
	}
	hosts, err := finder.HostSystemList(ctx, "*")
	if err != nil {
		return err
	}
	sort.Slice(hosts, func(i, j int) bool { return hosts[i].Reference().Value < hosts[j].Reference().Value })
	pool, err := cluster.ResourcePool(ctx)
	if err != nil {
		return err
	}
	folders, err := dc.Folders(ctx)
	if err != nil {
		return err
	}

	// The simulator's datastores are local directories, named LocalDS_<n>, sized like the disk
	// they sit on: vSphere has no call to rename or size one, so name and capacity are set in
	// the simulator's model (before any disk is created, so free space follows the disks).
	for i, spec := range e.Datastores {
		ref := simulator.Map.FindByName(fmt.Sprintf("LocalDS_%d", i), simulator.Map.Get(folders.DatastoreFolder.Reference()).(*simulator.Folder).ChildEntity)
		if ref == nil {
			return fmt.Errorf("datastore LocalDS_%d not found", i)
		}
		ds := ref.(*simulator.Datastore)
		capacity := spec.CapacityGiB << 30
		simulator.Map.WithLock(ds, func() {
			ds.Name = spec.Name
			ds.Summary.Name = spec.Name
			ds.Info.GetDatastoreInfo().Name = spec.Name
			ds.Summary.Type = "VMFS"
			ds.Summary.Capacity = capacity
			ds.Summary.FreeSpace = capacity
			ds.Info.GetDatastoreInfo().FreeSpace = capacity
		})
	}

	// Distributed switches with every host a member, and their VLAN port groups.
	for _, sw := range e.Switches {
		var spec types.DVSCreateSpec
		spec.ConfigSpec = &types.VMwareDVSConfigSpec{DVSConfigSpec: types.DVSConfigSpec{Name: sw.Name}}
		task, err := folders.NetworkFolder.CreateDVS(ctx, spec)
		if err != nil {
			return err
		}
		info, err := task.WaitForResult(ctx, nil)
		if err != nil {
			return fmt.Errorf("creating switch %s: %w", sw.Name, err)
		}
		dvs := object.NewDistributedVirtualSwitch(c, info.Result.(types.ManagedObjectReference))
		config := &types.DVSConfigSpec{ConfigVersion: "0"}
		for _, h := range hosts {
			config.Host = append(config.Host, types.DistributedVirtualSwitchHostMemberConfigSpec{
				Operation: string(types.ConfigSpecOperationAdd),
				Host:      h.Reference(),
			})
		}
		if err := wait(dvs.Reconfigure(ctx, config)); err != nil {
			return fmt.Errorf("adding the hosts to switch %s: %w", sw.Name, err)
		}
		// vCenter lists the switch's uplink port group (created with it) in config.uplinkPortgroup;
		// the simulator creates the port group but leaves the list empty: filled in its model
		if s, ok := simulator.Map.Get(dvs.Reference()).(*simulator.DistributedVirtualSwitch); ok && len(s.Portgroup) > 0 {
			simulator.Map.WithLock(s, func() {
				s.Config.GetDVSConfigInfo().UplinkPortgroup = []types.ManagedObjectReference{s.Portgroup[0]}
			})
		}
		var pgs []types.DVPortgroupConfigSpec
		for _, pg := range sw.PortGroups {
			pgs = append(pgs, types.DVPortgroupConfigSpec{
				Name:     pg.Name,
				Type:     string(types.DistributedVirtualPortgroupPortgroupTypeEarlyBinding),
				NumPorts: 8,
				DefaultPortConfig: &types.VMwareDVSPortSetting{
					Vlan: &types.VmwareDistributedVirtualSwitchVlanIdSpec{VlanId: pg.Vlan},
				},
			})
		}
		if len(pgs) > 0 {
			if err := wait(dvs.AddPortgroup(ctx, pgs)); err != nil {
				return fmt.Errorf("adding port groups to switch %s: %w", sw.Name, err)
			}
		}
	}

	// Standard port groups on vSwitch0. The simulator creates the network object with the first
	// host's port group and refuses the name on the others (a limitation of vcsim, not vSphere).
	for _, n := range e.StandardNetworks {
		ns, err := hosts[0].ConfigManager().NetworkSystem(ctx)
		if err != nil {
			return err
		}
		err = ns.AddPortGroup(ctx, types.HostPortGroupSpec{
			Name:        n.Name,
			VlanId:      n.Vlan,
			VswitchName: "vSwitch0",
			Policy:      types.HostNetworkPolicy{},
		})
		if err != nil {
			return fmt.Errorf("adding standard port group %s: %w", n.Name, err)
		}
	}

	// VM folders, parents first.
	created := map[string]*object.Folder{"": folders.VmFolder}
	var makeFolder func(p string) (*object.Folder, error)
	makeFolder = func(p string) (*object.Folder, error) {
		if f, ok := created[p]; ok {
			return f, nil
		}
		parent, err := makeFolder(strings.TrimPrefix(path.Dir("/"+p), "/"))
		if err != nil {
			return nil, err
		}
		f, err := parent.CreateFolder(ctx, path.Base(p))
		if err != nil {
			return nil, fmt.Errorf("creating folder %s: %w", p, err)
		}
		created[p] = f
		return f, nil
	}
	for _, p := range e.Folders {
		if _, err := makeFolder(p); err != nil {
			return err
		}
	}

	for i := range e.VMs {
		if err := buildVM(ctx, c, finder, &e.VMs[i], makeFolder, pool, hosts[i%len(hosts)]); err != nil {
			return fmt.Errorf("VM %s: %w", e.VMs[i].Name, err)
		}
	}
	return nil
}

func buildVM(
	ctx context.Context,
	c *vim25.Client,
	finder *find.Finder,
	v *VM,
	makeFolder func(string) (*object.Folder, error),
	pool *object.ResourcePool,
	host *object.HostSystem,
) error {
	folder, err := makeFolder(v.Folder)
	if err != nil {
		return err
	}
	ds, err := finder.Datastore(ctx, v.Datastore)
	if err != nil {
		return err
	}
	firmware := v.Firmware
	if firmware == "" {
		firmware = string(types.GuestOsDescriptorFirmwareTypeBios)
	}
	spec := types.VirtualMachineConfigSpec{
		Name:              v.Name,
		GuestId:           v.GuestID,
		Firmware:          firmware,
		NumCPUs:           v.CPUs,
		NumCoresPerSocket: v.CoresPerSocket,
		MemoryMB:          v.MemoryMiB,
		Files:             &types.VirtualMachineFileInfo{VmPathName: fmt.Sprintf("[%s]", v.Datastore)},
	}
	policy := v.Options.ToolsUpgradePolicy
	if policy == "" {
		policy = string(types.UpgradePolicyManual)
	}
	yes, no := types.NewBool(true), types.NewBool(false)
	spec.CpuHotAddEnabled = types.NewBool(v.Options.CPUHotAdd)
	spec.CpuHotRemoveEnabled = no
	spec.MemoryHotAddEnabled = types.NewBool(v.Options.MemoryHotAdd)
	spec.MemoryReservationLockedToMax = no
	spec.NestedHVEnabled = no
	spec.Flags = &types.VirtualMachineFlagInfo{
		DiskUuidEnabled: types.NewBool(v.Options.DiskUUID),
		EnableLogging:   yes,
		VbsEnabled:      no,
		VvtdEnabled:     no,
	}
	spec.Tools = &types.ToolsConfigInfo{
		AfterPowerOn:        yes,
		AfterResume:         yes,
		BeforeGuestStandby:  yes,
		BeforeGuestShutdown: yes,
		BeforeGuestReboot:   no,
		ToolsUpgradePolicy:  policy,
		SyncTimeWithHost:    types.NewBool(v.Options.SyncTimeWithHost),
	}
	// vCenter's normal shares: 1000 per vCPU, 10 per MiB
	reservation, unlimited := int64(0), int64(-1)
	spec.CpuAllocation = &types.ResourceAllocationInfo{
		Reservation: &reservation,
		Limit:       &unlimited,
		Shares:      &types.SharesInfo{Level: types.SharesLevelNormal, Shares: 1000 * v.CPUs},
	}
	spec.MemoryAllocation = &types.ResourceAllocationInfo{
		Reservation: &reservation,
		Limit:       &unlimited,
		Shares:      &types.SharesInfo{Level: types.SharesLevelNormal, Shares: int32(10 * v.MemoryMiB)},
	}
	spec.BootOptions = &types.VirtualMachineBootOptions{
		EfiSecureBootEnabled: types.NewBool(v.SecureBoot),
		BootRetryEnabled:     no,
		BootRetryDelay:       10000,
	}

	// Controllers and devices carry fixed temporary keys (negative), which the server replaces.
	key := int32(-100)
	next := func() int32 { key--; return key }
	add := func(d types.BaseVirtualDevice, create bool) {
		change := &types.VirtualDeviceConfigSpec{Operation: types.VirtualDeviceConfigSpecOperationAdd, Device: d}
		if create {
			change.FileOperation = types.VirtualDeviceConfigSpecFileOperationCreate
		}
		spec.DeviceChange = append(spec.DeviceChange, change)
	}
	controllers := map[string]int32{}
	controller := func(kind string, bus int32) (int32, error) {
		id := fmt.Sprintf("%s:%d", kind, bus)
		if k, ok := controllers[id]; ok {
			return k, nil
		}
		k := next()
		base := types.VirtualController{VirtualDevice: types.VirtualDevice{Key: k}, BusNumber: bus}
		switch kind {
		case "scsi":
			scsi := types.VirtualSCSIController{VirtualController: base, SharedBus: types.VirtualSCSISharingNoSharing, ScsiCtlrUnitNumber: 7}
			switch v.ScsiType {
			case "", "pvscsi":
				add(&types.ParaVirtualSCSIController{VirtualSCSIController: scsi}, false)
			case "lsilogic-sas":
				add(&types.VirtualLsiLogicSASController{VirtualSCSIController: scsi}, false)
			case "lsilogic":
				add(&types.VirtualLsiLogicController{VirtualSCSIController: scsi}, false)
			default:
				return 0, fmt.Errorf("unknown scsiType %q", v.ScsiType)
			}
		case "sata":
			add(&types.VirtualAHCIController{VirtualSATAController: types.VirtualSATAController{VirtualController: base}}, false)
		case "ide":
			// every VM has IDE 0 and 1 (keys 200 and 201) from the start
			if bus > 1 {
				return 0, fmt.Errorf("IDE bus %d: there are two, 0 and 1", bus)
			}
			k = 200 + bus
		default:
			return 0, fmt.Errorf("unknown controller %q (scsi, sata or ide)", kind)
		}
		controllers[id] = k
		return k, nil
	}

	for i, d := range v.Disks {
		kind := d.Controller
		if kind == "" {
			kind = "scsi"
		}
		ck, err := controller(kind, d.Bus)
		if err != nil {
			return err
		}
		label := d.Label
		if label == "" {
			label = fmt.Sprintf("Hard disk %d", i+1)
		}
		unit := d.Unit
		bytes := d.SizeGiB<<30 + d.ExtraBytes
		ref := ds.Reference()
		iops := int64(-1)
		if d.IopsLimit > 0 {
			iops = d.IopsLimit
		}
		add(&types.VirtualDisk{
			VirtualDevice: types.VirtualDevice{
				Key:           next(),
				ControllerKey: ck,
				UnitNumber:    &unit,
				DeviceInfo:    &types.Description{Label: label, Summary: fmt.Sprintf("%d KB", bytes/1024)},
				Backing: &types.VirtualDiskFlatVer2BackingInfo{
					DiskMode:        string(types.VirtualDiskModePersistent),
					ThinProvisioned: types.NewBool(d.Thin),
					EagerlyScrub:    types.NewBool(!d.Thin),
					WriteThrough:    no,
					Sharing:         string(types.VirtualDiskSharingSharingNone),
					VirtualDeviceFileBackingInfo: types.VirtualDeviceFileBackingInfo{
						// the simulator names the file in the VM's directory
						FileName:  fmt.Sprintf("[%s]", v.Datastore),
						Datastore: &ref,
					},
				},
			},
			CapacityInKB:    bytes / 1024,
			CapacityInBytes: bytes,
			StorageIOAllocation: &types.StorageIOAllocationInfo{
				Limit:       &iops,
				Reservation: new(int32),
				Shares:      &types.SharesInfo{Level: types.SharesLevelNormal, Shares: 1000},
			},
		}, true)
	}

	for i, n := range v.NICs {
		net, err := finder.Network(ctx, n.Network)
		if err != nil {
			return fmt.Errorf("network %s: %w", n.Network, err)
		}
		backing, err := net.EthernetCardBackingInfo(ctx)
		if err != nil {
			return err
		}
		card := types.VirtualEthernetCard{
			VirtualDevice: types.VirtualDevice{
				Key:        next(),
				DeviceInfo: &types.Description{Label: fmt.Sprintf("Network adapter %d", i+1), Summary: n.Network},
				Backing:    backing,
				Connectable: &types.VirtualDeviceConnectInfo{
					StartConnected: true,
					Connected:      true,
				},
			},
			AddressType: string(types.VirtualEthernetCardMacTypeGenerated),
			ResourceAllocation: &types.VirtualEthernetCardResourceAllocation{
				Reservation: new(int64),
				Limit:       &unlimited,
				Share:       types.SharesInfo{Level: types.SharesLevelNormal, Shares: 50},
			},
		}
		if n.Mac != "" {
			card.AddressType = string(types.VirtualEthernetCardMacTypeManual)
			card.MacAddress = n.Mac
		}
		switch n.Adapter {
		case "", "vmxnet3":
			add(&types.VirtualVmxnet3{VirtualVmxnet: types.VirtualVmxnet{VirtualEthernetCard: card}}, false)
		case "e1000":
			add(&types.VirtualE1000{VirtualEthernetCard: card}, false)
		case "e1000e":
			add(&types.VirtualE1000e{VirtualEthernetCard: card}, false)
		default:
			return fmt.Errorf("unknown adapter %q (vmxnet3, e1000 or e1000e)", n.Adapter)
		}
	}

	task, err := folder.CreateVM(ctx, spec, pool, host)
	if err != nil {
		return err
	}
	info, err := task.WaitForResult(ctx, nil)
	if err != nil {
		return err
	}
	vm := object.NewVirtualMachine(c, info.Result.(types.ManagedObjectReference))
	// the simulator takes neither from a configuration: set in its model, as vCenter reports them
	if m, ok := simulator.Map.Get(vm.Reference()).(*simulator.VirtualMachine); ok {
		simulator.Map.WithLock(m, func() {
			m.Config.SwapPlacement = string(types.VirtualMachineConfigInfoSwapPlacementTypeInherit)
			m.Config.VPMCEnabled = no
		})
	}

	// Guest IP addresses: the simulator reports what a guest customization set once the VM is
	// powered on, one fixed address per NIC (DHCP where none is given).
	var ips bool
	for _, n := range v.NICs {
		ips = ips || n.IPv4 != ""
	}
	if ips {
		custom := types.CustomizationSpec{
			Identity: &types.CustomizationLinuxPrep{
				HostName: &types.CustomizationFixedName{Name: v.Name},
				Domain:   "legacy.local",
			},
			GlobalIPSettings: types.CustomizationGlobalIPSettings{},
		}
		for _, n := range v.NICs {
			var ip types.BaseCustomizationIpGenerator = &types.CustomizationDhcpIpGenerator{}
			if n.IPv4 != "" {
				ip = &types.CustomizationFixedIp{IpAddress: n.IPv4}
			}
			custom.NicSettingMap = append(custom.NicSettingMap, types.CustomizationAdapterMapping{
				Adapter: types.CustomizationIPSettings{Ip: ip},
			})
		}
		if err := wait(vm.Customize(ctx, custom)); err != nil {
			return fmt.Errorf("customizing: %w", err)
		}
	}
	switch v.PowerState {
	case "", "on":
		if v.Template {
			break
		}
		if err := wait(vm.PowerOn(ctx)); err != nil {
			return fmt.Errorf("powering on: %w", err)
		}
	case "off":
	default:
		return fmt.Errorf("unknown powerState %q (on or off)", v.PowerState)
	}
	if v.Template {
		if err := vm.MarkAsTemplate(ctx); err != nil {
			return fmt.Errorf("marking as template: %w", err)
		}
	}
	return nil
}
