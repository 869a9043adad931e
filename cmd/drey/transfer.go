package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"drey/cloud/server"
)

// transferDevice runs `drey device transfer ID --to OWNER [--group G]`
// with the operator's token (REQ-OWN-4).
func transferDevice(ctx context.Context, e *env, api, token, id, to, group string) error {
	if to == "" {
		return usageError{"device transfer needs --to OWNER (the new owner's id or name)"}
	}
	if token == "" {
		token = e.getenv("DREY_OPERATOR_TOKEN")
	}
	b, _ := json.Marshal(server.TransferRequest{To: to, Group: group})
	out, err := rawCall(ctx, "POST", strings.TrimSuffix(api, "/")+"/v1/devices/"+id+"/transfer", token, strings.NewReader(string(b)))
	if err != nil {
		return err
	}
	var tr server.TransferResponse
	if err := json.Unmarshal(out, &tr); err != nil {
		return err
	}
	where := "in no group: it runs none of the new owner's code until the owner moves it into a group"
	if tr.Group != "" {
		where = "in its group " + tr.Group
	}
	fmt.Fprintf(e.stdout, "transferred %s to owner %s, %s; the previous owner's access, logs and agent data are gone, and both owners were notified\n", tr.Device, tr.To, where)
	return nil
}
