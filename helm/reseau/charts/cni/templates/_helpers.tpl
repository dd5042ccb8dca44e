{{- define "reseau-cni.labels" -}}
app.kubernetes.io/name: reseau-cni
app.kubernetes.io/part-of: reseau
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{- define "reseau-cni.selector" -}}
app.kubernetes.io/name: reseau-cni
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
